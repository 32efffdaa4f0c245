package io.lightstream.flink.source.reader;

import io.lightstream.flink.arrow.vectors.ArrowBatchView;
import io.lightstream.flink.source.deserializer.RecordContext;
import org.apache.flink.table.data.RowData;

/**
 * The element passed from the fetcher to the emitter: one batch and the current row in it. The same
 * cursor object is handed out once per row, advanced in between, so a batch costs one object however
 * many rows it has. Used by one thread at a time (the task thread, once the fetch is handed over).
 */
final class RowCursor implements RecordContext {
    private final String endpoint;
    private final ArrowBatchView view;
    private final long sequence;
    private final long arrivalTimeMillis;
    private final long encodedBytes;
    private final int firstRow;
    private int row;

    RowCursor(String endpoint, ArrowBatchView view, long sequence, long arrivalTimeMillis, long encodedBytes,
            int firstRow) {
        this.endpoint = endpoint;
        this.view = view;
        this.sequence = sequence;
        this.arrivalTimeMillis = arrivalTimeMillis;
        this.encodedBytes = encodedBytes;
        this.firstRow = firstRow;
        this.row = firstRow - 1;
    }

    /** Moves to the next row; false when the batch has no more. */
    boolean advance() {
        if (row + 1 >= view.rowCount()) {
            return false;
        }
        row++;
        return true;
    }

    /** The current row, as a reused view. */
    RowData row() {
        return view.row(row);
    }

    /** Whether the current row is the first this cursor emits from its batch. */
    boolean isFirstEmitted() {
        return row == firstRow;
    }

    int rowCount() {
        return view.rowCount();
    }

    /** Rows this cursor will emit in total. */
    int rowsToEmit() {
        return Math.max(0, view.rowCount() - firstRow);
    }

    /** Bytes read from the endpoint for this batch (including schema and dictionary messages before it). */
    long encodedBytes() {
        return encodedBytes;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public long batchSequence() {
        return sequence;
    }

    @Override
    public int rowIndex() {
        return row;
    }

    @Override
    public long arrivalTimeMillis() {
        return arrivalTimeMillis;
    }
}
