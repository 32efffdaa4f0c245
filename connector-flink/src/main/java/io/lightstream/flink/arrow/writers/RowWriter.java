package io.lightstream.flink.arrow.writers;

import org.apache.arrow.vector.complex.StructVector;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;

/**
 * ROW (or a structured type) into an Arrow Struct. A null row still appends a null to every field
 * so the children stay aligned with the struct.
 */
final class RowWriter extends ArrowFieldWriter {
    private final StructVector struct;
    private final ArrowFieldWriter[] fields;

    RowWriter(StructVector vector, String column, ArrowFieldWriter[] fields) {
        super(vector, column);
        this.struct = vector;
        this.fields = fields;
    }

    @Override
    void writeNull(int index) {
        struct.setNull(index);
        for (ArrowFieldWriter f : fields) {
            f.appendNull();
        }
    }

    @Override
    void writeValue(int index, RowData row, int pos) {
        append(index, row.getRow(pos, fields.length));
    }

    @Override
    void writeValue(int index, ArrayData array, int pos) {
        append(index, array.getRow(pos, fields.length));
    }

    private void append(int index, RowData value) {
        struct.setIndexDefined(index);
        for (int i = 0; i < fields.length; i++) {
            fields[i].write(value, i);
        }
    }

    @Override
    public long estimatedBytes() {
        long total = (count() + 7) / 8;
        for (ArrowFieldWriter f : fields) {
            total += f.estimatedBytes();
        }
        return total;
    }

    @Override
    public void finish() {
        for (ArrowFieldWriter f : fields) {
            f.finish();
        }
        super.finish();
    }

    @Override
    public void reset() {
        super.reset();
        for (ArrowFieldWriter f : fields) {
            f.reset();
        }
    }
}
