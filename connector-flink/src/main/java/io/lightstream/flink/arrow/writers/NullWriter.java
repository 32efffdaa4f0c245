package io.lightstream.flink.arrow.writers;

import org.apache.arrow.vector.NullVector;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;

/** The NULL type into an Arrow Null vector, which stores nothing but its length. */
final class NullWriter extends ArrowFieldWriter {
    NullWriter(NullVector vector, String column) {
        super(vector, column);
    }

    @Override
    void writeNull(int index) {}

    @Override
    void writeValue(int index, RowData row, int pos) {}

    @Override
    void writeValue(int index, ArrayData array, int pos) {}

    @Override
    public long estimatedBytes() {
        return 0;
    }
}
