package io.lightstream.flink.format;

import io.lightstream.codec.ChannelByteSink;
import io.lightstream.codec.ipc.IpcFileWriter;
import io.lightstream.codec.ipc.IpcMessageEncoder;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.nio.channels.Channels;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.table.data.RowData;

/**
 * Writes one part file as an Arrow IPC file: rows go straight into the vectors of an open batch,
 * which is written as a record batch when it holds {@code maxRows} rows or about {@code maxBytes}
 * bytes, and at every {@link #flush()} (Flink flushes before a checkpoint). {@link #finish()} writes
 * the last batch, the footer and the closing magic; frames are aligned as the factory says (64
 * bytes by default), counted from the start of the part file.
 *
 * <p><b>Ownership:</b> writes to the stream it is given and never closes it (Flink does). The
 * Arrow memory is released by {@link #finish()}; a writer Flink drops without finishing (a failed
 * or cancelled task) releases it once unreachable. <b>Threading:</b> the task thread only.
 */
final class ArrowBulkWriter implements BulkWriter<RowData> {
    private static final Cleaner CLEANER = Cleaner.create();
    /** How often, in rows, the batch's byte size is checked: it costs a pass over the columns. */
    private static final int SIZE_CHECK_ROWS = 256;

    private final RowDataArrowWriter rows;
    private final IpcFileWriter file;
    private final ChannelByteSink sink;
    private final int maxRows;
    private final long maxBytes;
    private final Cleaner.Cleanable release;
    private boolean finished;

    ArrowBulkWriter(FSDataOutputStream out, RowDataArrowWriter rows, IpcMessageEncoder encoder,
            BufferAllocator allocator, int maxRows, long maxBytes) {
        this.rows = rows;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.sink = new ChannelByteSink(Channels.newChannel(new UnclosableStream(out)));
        this.file = new IpcFileWriter(sink, rows.root().getSchema(), encoder, false, allocator);
        this.release = CLEANER.register(this, new Release(rows, file, allocator));
    }

    @Override
    public void addElement(RowData row) throws IOException {
        rows.write(row);
        int n = rows.rowCount();
        if (n >= maxRows || (n % SIZE_CHECK_ROWS == 0 && rows.estimatedBytes() >= maxBytes)) {
            writeBatch();
        }
    }

    private void writeBatch() throws IOException {
        rows.finish();
        file.write(rows.root(), null, null);
        rows.reset();
    }

    @Override
    public void flush() throws IOException {
        if (rows.rowCount() > 0) {
            writeBatch();
        }
        sink.flush();
    }

    @Override
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (rows.rowCount() > 0) {
                writeBatch();
            }
            file.finish(null);
        } finally {
            release.clean();
        }
    }

    /** Releases the batch vectors, the writer's state and the allocator; runs at most once. */
    private static final class Release implements Runnable {
        private final RowDataArrowWriter rows;
        private final IpcFileWriter file;
        private final BufferAllocator allocator;

        Release(RowDataArrowWriter rows, IpcFileWriter file, BufferAllocator allocator) {
            this.rows = rows;
            this.file = file;
            this.allocator = allocator;
        }

        @Override
        public void run() {
            try {
                rows.close();
                file.close();
            } finally {
                allocator.close();
            }
        }
    }

    /** Keeps the channel adapter from closing Flink's stream. */
    private static final class UnclosableStream extends OutputStream {
        private final FSDataOutputStream out;

        UnclosableStream(FSDataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // Flink closes the part file's stream.
        }
    }
}
