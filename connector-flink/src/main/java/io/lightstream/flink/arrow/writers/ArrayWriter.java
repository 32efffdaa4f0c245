package io.lightstream.flink.arrow.writers;

import org.apache.arrow.vector.complex.ListVector;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;

/** ARRAY into an Arrow List: offsets here, elements through the element writer. */
final class ArrayWriter extends ArrowFieldWriter {
    private final ListVector list;
    private final ArrowFieldWriter elements;

    ArrayWriter(ListVector vector, String column, ArrowFieldWriter elements) {
        super(vector, column);
        this.list = vector;
        this.elements = elements;
    }

    @Override
    void writeNull(int index) {
        list.setNull(index);
    }

    @Override
    void writeValue(int index, RowData row, int pos) {
        append(index, row.getArray(pos));
    }

    @Override
    void writeValue(int index, ArrayData array, int pos) {
        append(index, array.getArray(pos));
    }

    private void append(int index, ArrayData array) {
        list.startNewValue(index);
        int size = array.size();
        for (int i = 0; i < size; i++) {
            elements.write(array, i);
        }
        list.endValue(index, size);
    }

    @Override
    public long estimatedBytes() {
        return count() * 4L + elements.estimatedBytes();
    }

    @Override
    public void finish() {
        elements.finish();
        super.finish();
    }

    @Override
    public void reset() {
        super.reset();
        elements.reset();
    }
}
