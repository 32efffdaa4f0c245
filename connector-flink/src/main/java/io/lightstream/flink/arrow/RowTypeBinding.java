package io.lightstream.flink.arrow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A declared Flink row type bound to the schema of one Arrow stream: for each declared column, the
 * index of the Arrow field of the same name, checked with {@link ArrowTypeMapping#checkReadable}.
 * Stream columns that are not declared are never decoded (this is how projection works).
 *
 * <p>Immutable and thread-safe. Build one per stream schema and reuse it for every batch.
 */
public final class RowTypeBinding {
    private final RowType rowType;
    private final Schema schema;
    private final int[] fieldIndexes;

    private RowTypeBinding(RowType rowType, Schema schema, int[] fieldIndexes) {
        this.rowType = rowType;
        this.schema = schema;
        this.fieldIndexes = fieldIndexes;
    }

    /**
     * Binds {@code rowType} to {@code schema} by column name.
     *
     * @param source the stream's URI or name, for error messages
     * @throws UnsupportedTypeException a declared column is missing from the stream or has an Arrow
     *     type that cannot be read as its declared type
     */
    public static RowTypeBinding bind(RowType rowType, Schema schema, String source) {
        return bind(rowType, schema, null, source);
    }

    /**
     * Binds {@code rowType} to the schema of a batch whose dictionary-encoded fields resolve through
     * {@code dictionaries} (in Arrow Java, such fields carry the index type; see {@link
     * ArrowTypeMapping#valueField}). Dictionaries may be replaced between batches, but their value
     * types may not, so a binding made at a stream's first batch holds for the whole stream.
     */
    public static RowTypeBinding bind(RowType rowType, Schema schema, DictionaryProvider dictionaries, String source) {
        Objects.requireNonNull(rowType, "rowType");
        Objects.requireNonNull(schema, "schema");
        List<Field> fields = schema.getFields();
        int[] indexes = new int[rowType.getFieldCount()];
        for (int i = 0; i < indexes.length; i++) {
            String name = rowType.getFieldNames().get(i);
            int index = indexOf(fields, name);
            if (index < 0) {
                List<String> available = new ArrayList<>(fields.size());
                fields.forEach(f -> available.add(f.getName()));
                throw new UnsupportedTypeException(name, "declared column is missing from the schema of " + source
                        + ", which has columns " + available);
            }
            ArrowTypeMapping.checkReadable(fields.get(index), rowType.getTypeAt(i), name, dictionaries);
            indexes[i] = index;
        }
        return new RowTypeBinding(rowType, schema, indexes);
    }

    private static int indexOf(List<Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The declared row type. */
    public RowType rowType() {
        return rowType;
    }

    /** The stream schema this binding was checked against. */
    public Schema schema() {
        return schema;
    }

    /** Number of declared columns. */
    public int size() {
        return fieldIndexes.length;
    }

    /** Index in the stream schema of declared column {@code i}. */
    public int fieldIndex(int i) {
        return fieldIndexes[i];
    }

    /** The declared type of column {@code i}. */
    public LogicalType typeAt(int i) {
        return rowType.getTypeAt(i);
    }

    /** The declared name of column {@code i}. */
    public String nameAt(int i) {
        return rowType.getFieldNames().get(i);
    }
}
