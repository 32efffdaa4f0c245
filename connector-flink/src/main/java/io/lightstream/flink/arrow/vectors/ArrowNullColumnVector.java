package io.lightstream.flink.arrow.vectors;

import org.apache.flink.table.data.columnar.vector.ColumnVector;

/** The NULL type over an Arrow Null vector: every value is null. */
final class ArrowNullColumnVector implements ColumnVector {
    static final ArrowNullColumnVector INSTANCE = new ArrowNullColumnVector();

    private ArrowNullColumnVector() {}

    @Override
    public boolean isNullAt(int i) {
        return true;
    }
}
