package io.lightstream.flink.testutils;

import io.lightstream.LightstreamWriter;
import io.lightstream.TransportException;
import io.lightstream.WriteOptions;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * An in-process producer on a loopback port that keeps its stream open (test utility): rows given
 * to {@link #send} are queued and written, as one Arrow batch, to the reader connected most recently;
 * a newer connection replaces an older one. Rows whose write failed (the reader went away) stay
 * queued for the next reader, so every row is sent until a connection took it. The stream never
 * ends while the peer is open, as with a producer that runs for as long as the job does.
 */
public final class RowQueuePeer implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);

    private final TransportListener listener;
    private final String uri;
    private final RowType rowType;
    private final Schema schema;
    private final List<RowData> queued = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private int connections;

    private RowQueuePeer(RowType rowType) throws IOException {
        this.rowType = rowType;
        try (BufferAllocator allocator = new RootAllocator();
                RowDataArrowWriter w = RowDataArrowWriter.create(rowType, allocator)) {
            this.schema = w.root().getSchema();
        }
        // A short accept timeout: the peer thread looks for new readers between deliveries.
        this.listener = TransportListener.sending("tcp://127.0.0.1:0",
                TransportOptions.builder().accept(true).acceptTimeout(POLL).closeTimeout(Duration.ofSeconds(1)).build());
        this.uri = "tcp://127.0.0.1:" + listener.port();
        this.thread = new Thread(this::run, "row-queue-peer " + uri);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Starts a peer sending Arrow streams over plain TCP on a free loopback port. */
    public static RowQueuePeer start(RowType rowType) throws IOException {
        return new RowQueuePeer(rowType);
    }

    /** The URI readers connect to. */
    public String uri() {
        return uri;
    }

    /** Queues {@code rows} for the current or next reader. */
    public synchronized void send(List<RowData> rows) {
        queued.addAll(rows);
    }

    /** Readers that have connected so far. */
    public synchronized int connections() {
        return connections;
    }

    /** Unexpected failures of the peer itself (not readers going away). */
    public synchronized List<Throwable> failures() {
        return new ArrayList<>(failures);
    }

    private void run() {
        LightstreamWriter current = null;
        try (BufferAllocator allocator = new RootAllocator();
                RowDataArrowWriter writer = RowDataArrowWriter.create(rowType, allocator)) {
            while (!closed) {
                LightstreamWriter next = acceptOrNull();
                if (next != null) {
                    closeQuietly(current);
                    current = next;
                    synchronized (this) {
                        connections++;
                    }
                }
                List<RowData> batch;
                synchronized (this) {
                    batch = new ArrayList<>(queued);
                }
                if (current == null || batch.isEmpty()) {
                    continue;
                }
                try {
                    ArrowTestFiles.writeBatches(current, null, writer, batch, batch.size());
                    current.flush();
                    synchronized (this) {
                        queued.subList(0, batch.size()).clear();
                    }
                } catch (IOException e) {
                    // The reader went away: keep the rows for the next one.
                    writer.reset();
                    closeQuietly(current);
                    current = null;
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                failures.add(e);
            }
        } finally {
            closeQuietly(current);
        }
    }

    private LightstreamWriter acceptOrNull() {
        try {
            return listener.acceptWriter(schema, WriteOptions.DEFAULT);
        } catch (TransportException e) {
            return null; // nobody new within the poll interval, or the listener closed
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                failures.add(e);
            }
            return null;
        }
    }

    private static void closeQuietly(LightstreamWriter w) {
        if (w == null) {
            return;
        }
        try {
            w.close();
        } catch (IOException | RuntimeException e) {
            // a reader that went away cannot take the end of the stream
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        listener.close();
        thread.join(30_000);
    }
}
