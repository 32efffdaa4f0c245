package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.vector.ValueVector;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

/** Base of the column vectors over one Arrow vector: nulls come from the Arrow validity buffer. */
abstract class ArrowColumnVector implements ColumnVector {
    final ValueVector vector;

    ArrowColumnVector(ValueVector vector) {
        this.vector = vector;
    }

    @Override
    public boolean isNullAt(int i) {
        return vector.isNull(i);
    }
}
