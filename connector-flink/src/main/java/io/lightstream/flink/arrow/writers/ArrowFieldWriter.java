package io.lightstream.flink.arrow.writers;

import org.apache.arrow.vector.ValueVector;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;

/**
 * Appends the values of one column (or one nested field) to an Arrow vector, from a field of a
 * {@link RowData} or an element of an {@link ArrayData}. Values go to consecutive positions
 * starting at 0; {@link #finish()} publishes the count, {@link #reset()} starts a new batch while
 * keeping the vector's buffers for reuse.
 *
 * <p>Not thread-safe.
 */
public abstract class ArrowFieldWriter {
    final ValueVector vector;
    final String column;
    private int count;

    ArrowFieldWriter(ValueVector vector, String column) {
        this.vector = vector;
        this.column = column;
    }

    /** Appends field {@code pos} of {@code row} (null or not). */
    public final void write(RowData row, int pos) {
        if (row.isNullAt(pos)) {
            writeNull(count);
        } else {
            writeValue(count, row, pos);
        }
        count++;
    }

    /** Appends element {@code pos} of {@code array} (null or not). */
    public final void write(ArrayData array, int pos) {
        if (array.isNullAt(pos)) {
            writeNull(count);
        } else {
            writeValue(count, array, pos);
        }
        count++;
    }

    /** Appends a null (used for the fields of a null row). */
    final void appendNull() {
        writeNull(count);
        count++;
    }

    abstract void writeNull(int index);

    abstract void writeValue(int index, RowData row, int pos);

    abstract void writeValue(int index, ArrayData array, int pos);

    /** Values appended since the last {@link #reset()}. */
    public final int count() {
        return count;
    }

    /** Approximate bytes the appended values take in Arrow buffers (for batch size limits). */
    public abstract long estimatedBytes();

    /** Sets the vector's value count (and its children's) to what was appended. */
    public void finish() {
        vector.setValueCount(count);
    }

    /** Starts over at position 0, keeping the vector's allocated buffers. */
    public void reset() {
        vector.reset();
        count = 0;
    }
}
