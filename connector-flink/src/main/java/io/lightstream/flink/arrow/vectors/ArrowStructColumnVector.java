package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.vector.complex.StructVector;
import org.apache.flink.table.data.columnar.ColumnarRowData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.RowColumnVector;
import org.apache.flink.table.data.columnar.vector.VectorizedColumnBatch;

/**
 * ROW over an Arrow Struct: the declared fields (matched by name) form a nested column batch, and
 * each row is a {@link ColumnarRowData} positioned on it.
 */
final class ArrowStructColumnVector extends ArrowColumnVector implements RowColumnVector {
    private final VectorizedColumnBatch fields;

    ArrowStructColumnVector(StructVector vector, ColumnVector[] fields, String column) {
        super(vector, column);
        this.fields = new VectorizedColumnBatch(fields);
        this.fields.setNumRows(vector.getValueCount());
    }

    @Override
    public ColumnarRowData getRow(int i) {
        checkRow(i);
        return new ColumnarRowData(fields, i);
    }
}
