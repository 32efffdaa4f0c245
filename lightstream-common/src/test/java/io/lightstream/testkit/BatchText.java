package io.lightstream.testkit;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A deterministic text rendering of a batch (byte arrays by content, not identity), for comparisons. */
public final class BatchText {
    private BatchText() {}

    public static String describe(VectorSchemaRoot root) {
        StringBuilder sb = new StringBuilder();
        for (FieldVector v : root.getFieldVectors()) {
            sb.append(v.getName()).append(':');
            for (int i = 0; i < v.getValueCount(); i++) {
                Object o = v.getObject(i);
                sb.append(' ').append(o instanceof byte[] b ? Arrays.toString(b) : String.valueOf(o));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
