package io.lightstream.kafka.mapping;

import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Appends Connect rows to Arrow vectors of a fixed Arrow schema, building one batch at a time.
 * Rows are Connect {@link Struct}s, or {@link Map}s keyed by column name for schemaless records;
 * the values they may hold are described in the sink documentation (Connect values, plus numbers,
 * strings and ISO-8601 text for schemaless data).
 *
 * <pre>{@code
 * try (RowWriter rows = new RowWriter(arrowSchema, allocator)) {
 *     rows.append(struct);
 *     VectorSchemaRoot batch = rows.finish();
 *     writer.write(batch);
 *     rows.reset();
 * }
 * }</pre>
 *
 * <p>A row is all or nothing: when {@link #append} throws, the batch is as it was before the call
 * (the half-written slot is beyond the row count and is overwritten by the next row).
 *
 * <p>Not thread-safe. Owns its {@link VectorSchemaRoot}: the root returned by {@link #finish()}
 * stays owned by this writer and is valid until the next {@link #reset()} or {@link #close()}.
 */
public final class RowWriter implements AutoCloseable {
    private final VectorSchemaRoot root;
    private final List<FieldVector> vectors;
    private final ColumnWriter[] columns;
    private final String[] names;
    private final ColumnWriterFactory factory = new ColumnWriterFactory();
    /** The Connect schema of the last Struct appended, and its field for each column (null if it has none). */
    private org.apache.kafka.connect.data.Schema structSchema;
    private org.apache.kafka.connect.data.Field[] structFields;
    private int rows;

    public RowWriter(Schema schema, BufferAllocator allocator) {
        root = VectorSchemaRoot.create(schema, allocator);
        try {
            root.allocateNew();
            vectors = root.getFieldVectors();
            columns = new ColumnWriter[vectors.size()];
            names = new String[vectors.size()];
            for (int i = 0; i < columns.length; i++) {
                names[i] = vectors.get(i).getName();
                columns[i] = factory.create(vectors.get(i), names[i]);
            }
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    public Schema schema() {
        return root.getSchema();
    }

    /**
     * Appends one row.
     *
     * @param row a {@link Struct} with a field for each column (missing fields are null), or a
     *     {@link Map} from column name to value
     * @throws DataException naming the column when a value does not fit; the batch is unchanged
     */
    public void append(Object row) {
        if (row instanceof Struct s) {
            org.apache.kafka.connect.data.Field[] fields = fieldsOf(s.schema());
            for (int i = 0; i < columns.length; i++) {
                columns[i].write(rows, fields[i] == null ? null : s.get(fields[i]));
            }
        } else if (row instanceof Map<?, ?> map) {
            for (int i = 0; i < columns.length; i++) {
                columns[i].write(rows, map.get(names[i]));
            }
        } else {
            throw new DataException("a row must be a Struct or a Map of column names to values, got "
                    + (row == null ? "null" : row.getClass().getName()));
        }
        rows++;
    }

    /** The field of {@code schema} for each column, found by name once per Connect schema. */
    private org.apache.kafka.connect.data.Field[] fieldsOf(org.apache.kafka.connect.data.Schema schema) {
        if (schema != structSchema) {
            org.apache.kafka.connect.data.Field[] fields = new org.apache.kafka.connect.data.Field[names.length];
            for (int i = 0; i < names.length; i++) {
                fields[i] = schema.field(names[i]);
            }
            structFields = fields;
            structSchema = schema;
        }
        return structFields;
    }

    /**
     * Drops the rows after the first {@code rowCount}, so that a record of several rows can be
     * taken back whole when one of its rows does not fit. Their slots are overwritten by the next
     * rows appended.
     */
    public void truncate(int rowCount) {
        if (rowCount < 0 || rowCount > rows) {
            throw new IllegalArgumentException("cannot truncate " + rows + " rows to " + rowCount);
        }
        rows = rowCount;
    }

    /** Rows appended since the last reset. */
    public int rowCount() {
        return rows;
    }

    /** Approximate Arrow body bytes of the rows appended since the last reset. */
    public long estimatedBytes() {
        return factory.bytes();
    }

    /** Seals the appended rows into the root and returns it (still owned by this writer). */
    public VectorSchemaRoot finish() {
        root.setRowCount(rows);
        return root;
    }

    /** Empties the batch, keeping the allocated buffers for the next one. */
    public void reset() {
        for (FieldVector v : vectors) {
            v.reset();
        }
        root.setRowCount(0);
        rows = 0;
        factory.resetBytes();
    }

    /** Releases the vectors. Idempotent. */
    @Override
    public void close() {
        root.close();
    }
}
