package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.ValueVector;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

/**
 * Base of the column vectors over one Arrow vector: nulls come from the Arrow validity buffer, and
 * a column without nulls answers {@link #isNullAt} without reading it.
 *
 * <p>Subclasses read values straight from the buffers' memory addresses, without Arrow's per-access
 * bounds and reference checks (the cost that dominates a row-at-a-time reader); every access checks
 * the row index against {@link #readableRows} instead. That is safe because the batch's buffers were
 * validated against the value count when the batch was decoded, and because {@link #release()},
 * called before the batch's memory is freed, sets {@code readableRows} to zero: a row kept past its
 * batch then fails the same single comparison and gets a {@link ReleasedBatchException} rather than
 * a read of freed memory. The fast path costs nothing beyond the bounds check it already had.
 */
abstract class ArrowColumnVector implements ColumnVector {
    final ValueVector vector;
    final String column;
    private final long validity;
    private final boolean noNulls;
    private final int valueCount;
    /** The value count while the batch is open, zero once released. Plain: written by the reading thread. */
    private int readableRows;

    ArrowColumnVector(ValueVector vector, String column) {
        this.vector = vector;
        this.column = column;
        this.valueCount = vector.getValueCount();
        this.readableRows = valueCount;
        this.noNulls = vector.getNullCount() == 0;
        // Struct, list and map vectors have one too; the Null vector (and only it) has none.
        this.validity = noNulls ? 0 : vector.getValidityBuffer().memoryAddress();
    }

    @Override
    public boolean isNullAt(int i) {
        checkRow(i);
        return !noNulls && (MemoryUtil.getByte(validity + (i >>> 3)) & (1 << (i & 7))) == 0;
    }

    /**
     * Fails for a row outside the batch, where an address read would leave the buffer, and for any
     * row once the batch is released.
     */
    final void checkRow(int i) {
        if (Integer.compareUnsigned(i, readableRows) >= 0) {
            throw unreadable(i);
        }
    }

    private RuntimeException unreadable(int i) {
        if (readableRows == 0 && i >= 0 && i < valueCount) {
            return new ReleasedBatchException(column, i);
        }
        return new IndexOutOfBoundsException("column '" + column + "': row " + i + " of a column of "
                + valueCount + " values");
    }

    /**
     * Makes every later access fail with {@link ReleasedBatchException}. Called by the batch's view
     * before the batch is closed, on the thread that reads the rows (or one that happens-before it).
     */
    final void release() {
        readableRows = 0;
    }
}
