package io.lightstream.codec.ipc;

import io.lightstream.ProtocolException;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Checks that a batch handed to a writer has the writer's schema, naming the first difference. */
final class SchemaCheck {
    private SchemaCheck() {}

    static void requireCompatible(Schema expected, Schema actual) throws ProtocolException {
        if (expected == actual) {
            return;
        }
        List<Field> e = expected.getFields();
        List<Field> a = actual.getFields();
        if (e.size() != a.size()) {
            throw new ProtocolException("batch has " + a.size() + " columns, the stream's schema has " + e.size());
        }
        for (int i = 0; i < e.size(); i++) {
            String diff = difference(e.get(i), a.get(i));
            if (diff != null) {
                throw new ProtocolException("batch column " + i + " does not match the stream's schema: " + diff);
            }
        }
    }

    private static String difference(Field e, Field a) {
        if (!e.getType().equals(a.getType())) {
            return "'" + a.getName() + "' is " + a.getType() + ", expected '" + e.getName() + "' " + e.getType();
        }
        if ((e.getDictionary() == null) != (a.getDictionary() == null)) {
            return "'" + a.getName() + "' dictionary encoding differs";
        }
        if (e.getChildren().size() != a.getChildren().size()) {
            return "'" + a.getName() + "' has " + a.getChildren().size() + " children, expected "
                    + e.getChildren().size();
        }
        for (int i = 0; i < e.getChildren().size(); i++) {
            String d = difference(e.getChildren().get(i), a.getChildren().get(i));
            if (d != null) {
                return "'" + a.getName() + "'." + d;
            }
        }
        return null;
    }
}
