package io.lightstream.flink.format;

import io.lightstream.Batch;
import io.lightstream.flink.arrow.vectors.ArrowBatchView;
import java.lang.ref.Cleaner;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.table.data.RowData;

/**
 * The rows of one record batch, handed to Flink as one {@link BulkFormat.RecordIterator}: each
 * {@link #next()} moves one reused columnar row over the batch's vectors and carries the position
 * after it (batch index, rows of that batch already read), which is what a checkpoint stores.
 *
 * <p><b>Ownership:</b> the iterator owns the batch and releases it in {@link #releaseBatch()}. An
 * iterator that Flink drops without releasing (a cancelled task leaves its hand-over queue behind)
 * releases its batch once it is unreachable. Released rows fail with {@link
 * io.lightstream.flink.arrow.vectors.ReleasedBatchException} when read. <b>Threading:</b> created on
 * the fetcher thread, then used by the task thread only; {@link #releaseBatch()} may be called once
 * or more, from the task thread (as Flink does) or a thread that happens-before the next read.
 */
final class ArrowRecordIterator implements BulkFormat.RecordIterator<RowData> {
    private static final Cleaner CLEANER = Cleaner.create();

    private final ArrowBatchView view;
    private final long batchIndex;
    private final MutableRecordAndPosition<RowData> record = new MutableRecordAndPosition<>();
    private final Cleaner.Cleanable release;
    private int row;

    /**
     * @param batch the batch, owned from now on
     * @param view the batch's rows as the declared type
     * @param batchIndex the batch's index in its file
     * @param firstRow the first row to return (rows before it were read before a restore)
     */
    ArrowRecordIterator(Batch batch, ArrowBatchView view, int batchIndex, int firstRow) {
        this.view = view;
        this.batchIndex = batchIndex;
        this.row = firstRow;
        // The action must not reach this iterator, or it would never become unreachable.
        this.release = CLEANER.register(this, new Release(batch));
    }

    @Override
    public RecordAndPosition<RowData> next() {
        if (row >= view.rowCount()) {
            return null;
        }
        RowData next = view.row(row);
        row++;
        record.set(next, batchIndex, row);
        return record;
    }

    @Override
    public void releaseBatch() {
        view.release();
        release.clean();
    }

    /** Closes the batch; the cleaner runs it at most once. */
    private static final class Release implements Runnable {
        private final Batch batch;

        Release(Batch batch) {
            this.batch = batch;
        }

        @Override
        public void run() {
            batch.close();
        }
    }
}
