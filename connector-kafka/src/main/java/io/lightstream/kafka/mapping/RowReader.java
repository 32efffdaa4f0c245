package io.lightstream.kafka.mapping;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads the rows of one Arrow batch as Connect {@link Struct}s of the schema that {@link
 * ConnectSchemaMapper#toConnect(org.apache.arrow.vector.types.pojo.Schema, String)} gave the batch's
 * Arrow schema. Dictionary-encoded and run-end encoded columns come out decoded.
 *
 * <pre>{@code
 * Schema rowSchema = mapper.toConnect(batch.schema(), "orders");
 * RowReader rows = new RowReader(rowSchema, batch.root(), batch.dictionaries());
 * for (int i = 0; i < batch.rowCount(); i++) {
 *     Struct row = rows.read(i);
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Bound to the vectors it was built on: it must not be used after the batch is
 * closed. The returned structs own copies of every value and outlive the batch.
 */
public final class RowReader {
    private final Schema schema;
    private final org.apache.kafka.connect.data.Field[] fields;
    private final ColumnReader[] columns;
    private final int rowCount;

    /**
     * @throws DataException if the root's vectors do not match {@code schema}, or a dictionary the
     *     root references is missing
     */
    public RowReader(Schema schema, VectorSchemaRoot root, DictionaryProvider dictionaries) {
        this.schema = schema;
        this.fields = schema.fields().toArray(new org.apache.kafka.connect.data.Field[0]);
        List<FieldVector> vectors = root.getFieldVectors();
        if (vectors.size() != fields.length) {
            throw new DataException("the batch has " + vectors.size() + " columns but the Connect schema has "
                    + fields.length);
        }
        ColumnReaderFactory factory = new ColumnReaderFactory(dictionaries);
        columns = new ColumnReader[fields.length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = factory.create(vectors.get(i), fields[i].schema(), fields[i].name());
        }
        rowCount = root.getRowCount();
    }

    public Schema schema() {
        return schema;
    }

    public int rowCount() {
        return rowCount;
    }

    /**
     * The row at {@code row} (0-based).
     *
     * @throws DataException naming the column and row when a value cannot become a Connect value
     *     (a date64 that is not a whole day, a dictionary index out of range, a null map key)
     */
    public Struct read(int row) {
        if (row < 0 || row >= rowCount) {
            throw new IndexOutOfBoundsException("row " + row + " of a batch of " + rowCount);
        }
        Struct s = new Struct(schema);
        for (int i = 0; i < columns.length; i++) {
            org.apache.kafka.connect.data.Field field = fields[i];
            Object value = columns[i].read(row);
            if (value == null && !field.schema().isOptional()) {
                throw new DataException("column '" + field.name() + "' row " + row
                        + " is null, but the column is declared not nullable");
            }
            try {
                s.put(field, value);
            } catch (DataException e) {
                // Struct validation names neither the column nor the row; add both.
                throw new DataException("column '" + field.name() + "' row " + row + ": " + e.getMessage(), e);
            }
        }
        return s;
    }
}
