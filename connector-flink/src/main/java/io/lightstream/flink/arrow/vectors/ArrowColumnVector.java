package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.vector.ValueVector;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

/**
 * Base of the column vectors over one Arrow vector: nulls come from the Arrow validity buffer, and
 * a column without nulls answers {@link #isNullAt} without reading it.
 *
 * <p>Subclasses read values straight from the buffers' memory addresses, without Arrow's per-access
 * bounds and reference checks (the cost that dominates a row-at-a-time reader); they check the row
 * index against the value count instead. That is safe because the batch's buffers were validated
 * against the value count when the batch was decoded, and the view is used only while the batch is
 * open (see {@link ArrowBatchView}).
 */
abstract class ArrowColumnVector implements ColumnVector {
    final ValueVector vector;
    final int valueCount;
    private final boolean noNulls;

    ArrowColumnVector(ValueVector vector) {
        this.vector = vector;
        this.valueCount = vector.getValueCount();
        this.noNulls = vector.getNullCount() == 0;
    }

    @Override
    public boolean isNullAt(int i) {
        return !noNulls && vector.isNull(i);
    }

    /** Fails for a row outside the batch, where an address read would leave the buffer. */
    final void checkRow(int i) {
        if (Integer.compareUnsigned(i, valueCount) >= 0) {
            throw new IndexOutOfBoundsException("row " + i + " of a column of " + valueCount + " values");
        }
    }
}
