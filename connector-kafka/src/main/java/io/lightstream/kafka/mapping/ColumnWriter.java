package io.lightstream.kafka.mapping;

/** Writes one Connect (or schemaless) value at one index of one Arrow vector. */
interface ColumnWriter {

    /**
     * Writes {@code value} (null allowed where the column is nullable) at {@code index}.
     *
     * @throws org.apache.kafka.connect.errors.DataException naming the column when the value does
     *     not fit the column
     */
    void write(int index, Object value);

    /** Marks {@code index} null without checking nullability: the slot under a null parent. */
    void clear(int index);
}
