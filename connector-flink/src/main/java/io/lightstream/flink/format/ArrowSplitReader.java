package io.lightstream.flink.format;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.LightstreamException;
import io.lightstream.LimitExceededException;
import io.lightstream.codec.ipc.IpcFileReader;
import io.lightstream.flink.arrow.RowTypeBinding;
import io.lightstream.flink.arrow.UnsupportedTypeException;
import io.lightstream.flink.arrow.vectors.ArrowBatchView;
import io.lightstream.io.AllocatorLease;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Reads the record batches of one split of an Arrow IPC file, one batch per {@link #readBatch()}.
 *
 * <p>A restored split resumes at its checkpointed position: the offset is the index of a batch in
 * the file, the count the rows of that batch already emitted. Batches of the split before that
 * batch are not read at all.
 *
 * <p><b>Memory:</b> the reader and every batch it hands out allocate from one allocator capped at
 * the format's memory limit; the allocator is closed when the reader is closed and every batch has
 * been released, so batches still queued in Flink stay valid after the split is done.
 * <b>Threading:</b> {@link #readBatch()} and {@link #close()} run on Flink's fetcher thread.
 */
final class ArrowSplitReader implements BulkFormat.Reader<RowData> {
    private final String file;
    private final RowType rowType;
    private final IpcFileReader reader;
    private final AllocatorLease lease;
    private final int[] batches;
    private int next;
    private long rowsToSkip;
    private RowTypeBinding binding;

    private ArrowSplitReader(String file, RowType rowType, IpcFileReader reader, AllocatorLease lease, int[] batches,
            int next, long rowsToSkip) {
        this.file = file;
        this.rowType = rowType;
        this.reader = reader;
        this.lease = lease;
        this.batches = batches;
        this.next = next;
        this.rowsToSkip = rowsToSkip;
    }

    /**
     * Opens the file of {@code split} and positions the reader at the split's start, or at {@code
     * position} when restoring.
     */
    static ArrowSplitReader open(FileSourceSplit split, CheckpointedPosition position, RowType rowType,
            long memoryLimit, boolean mmap) throws IOException {
        Path path = split.path();
        BufferAllocator allocator = new RootAllocator(memoryLimit);
        IpcFileReader reader;
        try {
            reader = IpcFileOpener.open(path, mmap, allocator);
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
        }
        AllocatorLease lease = new AllocatorLease(allocator);
        try {
            int[] batches = RecordBatchSplits.batchesIn(reader, split.offset(), split.offset() + split.length());
            int next = 0;
            long skip = 0;
            if (position != null) {
                if (position.getOffset() == CheckpointedPosition.NO_OFFSET) {
                    skip = position.getRecordsAfterOffset();
                } else {
                    long batch = position.getOffset();
                    while (next < batches.length && batches[next] < batch) {
                        next++;
                    }
                    if (next == batches.length || batches[next] != batch) {
                        throw new FormatException(path + ": the checkpointed position (record batch " + batch
                                + ", row " + position.getRecordsAfterOffset() + ") is not in the split of bytes ["
                                + split.offset() + ", " + (split.offset() + split.length())
                                + "); was the file replaced?", 0);
                    }
                    skip = position.getRecordsAfterOffset();
                }
            }
            return new ArrowSplitReader(path.toString(), rowType, reader, lease, batches, next, skip);
        } catch (IOException | RuntimeException e) {
            try {
                reader.close();
            } finally {
                lease.release();
            }
            throw e;
        }
    }

    @Override
    public BulkFormat.RecordIterator<RowData> readBatch() throws IOException {
        while (next < batches.length) {
            int index = batches[next++];
            Batch batch = read(index);
            try {
                int rows = batch.rowCount();
                if (rowsToSkip >= rows) {
                    rowsToSkip -= rows;
                    batch.close();
                    continue;
                }
                int first = (int) rowsToSkip;
                rowsToSkip = 0;
                if (binding == null) {
                    // One schema per file; the dictionaries are known once the first batch is read.
                    binding = bind(batch);
                }
                ArrowBatchView view = ArrowBatchView.of(batch.root(), batch.dictionaries(), binding,
                        "record batch " + index + " of " + file);
                return new ArrowRecordIterator(batch, view, index, first);
            } catch (RuntimeException e) {
                batch.close();
                throw e;
            }
        }
        return null;
    }

    private RowTypeBinding bind(Batch batch) {
        try {
            return RowTypeBinding.bind(rowType, batch.schema(), batch.dictionaries(), file);
        } catch (UnsupportedTypeException e) {
            String prefix = "column '" + e.column() + "': ";
            String detail = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                    : e.getMessage();
            if (detail.contains(file)) {
                throw e;
            }
            UnsupportedTypeException named = new UnsupportedTypeException(e.column(), detail + " (in " + file + ")");
            named.initCause(e);
            throw named;
        }
    }

    private Batch read(int index) throws IOException {
        Batch batch;
        try {
            batch = reader.readBatch(index);
        } catch (LimitExceededException e) {
            LimitExceededException named = new LimitExceededException(file + ", record batch " + index + ": "
                    + e.what(), e.requested(), e.cap(), e.offset());
            named.initCause(e);
            throw named;
        } catch (LightstreamException e) {
            if (e.getMessage() != null && e.getMessage().contains(file)) {
                throw e;
            }
            throw new FormatException(file + ": record batch " + index + ": " + e.getMessage(),
                    e instanceof FormatException f ? f.offset() : reader.batchOffset(index), e);
        } catch (OutOfMemoryException e) {
            throw new LightstreamException(file + ": record batch " + index + " does not fit in the format's memory"
                    + " limit of " + lease.allocator().getLimit() + " bytes (with the batches still queued);"
                    + " raise the memory limit", e);
        }
        return lease.track(batch);
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            lease.release();
        }
    }
}
