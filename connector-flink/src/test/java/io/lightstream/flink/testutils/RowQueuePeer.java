package io.lightstream.flink.testutils;

import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ChannelByteSink;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import io.lightstream.io.SinkWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * An in-process producer on a loopback port that keeps its stream open (test utility): rows given
 * to {@link #send} are queued and written, as one Arrow batch, to the reader connected most recently;
 * a newer connection replaces an older one. Rows are only given to a reader that is still there: a
 * reader that closed its connection (its job stopped) is noticed by the end of its input, so rows
 * queued afterwards wait for the next reader instead of going into a socket nobody reads. The stream
 * never ends while the peer is open, as with a producer that runs for as long as the job does.
 *
 * <p>Plain blocking sockets rather than the library's transports: the peer must see the reader's
 * end of input, which a one-way Arrow stream writer has no reason to report.
 */
public final class RowQueuePeer implements AutoCloseable {
    private static final int POLL_MS = 50;

    private final ServerSocket server;
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
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        // A short accept timeout: the peer thread looks for new readers between deliveries.
        this.server.setSoTimeout(POLL_MS);
        this.uri = "tcp://127.0.0.1:" + server.getLocalPort();
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

    /** One reader's connection: the stream written to it, and whether the reader has gone. */
    private static final class Reader implements AutoCloseable {
        final Socket socket;
        final LightstreamWriter out;
        final AtomicBoolean gone = new AtomicBoolean();

        Reader(Socket socket, Schema schema, BufferAllocator allocator) throws IOException {
            this.socket = socket;
            this.out = SinkWriter.open(new ChannelByteSink(Channels.newChannel(socket.getOutputStream())),
                    Protocol.ARROW, schema, WriteOptions.DEFAULT, allocator, null);
            Thread watcher = new Thread(() -> {
                try {
                    // an Arrow stream reader never sends: the first thing read is its end of input
                    while (socket.getInputStream().read() >= 0) {
                        // ignore
                    }
                } catch (IOException e) {
                    // reset or closed here: gone either way
                }
                gone.set(true);
            }, "row-queue-peer reader " + socket.getRemoteSocketAddress());
            watcher.setDaemon(true);
            watcher.start();
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException | RuntimeException e) {
                // a reader that went away cannot take the end of the stream
            }
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    private void run() {
        Reader current = null;
        try (BufferAllocator allocator = new RootAllocator();
                RowDataArrowWriter writer = RowDataArrowWriter.create(rowType, allocator)) {
            while (!closed) {
                Reader next = acceptOrNull(allocator);
                if (next != null) {
                    if (current != null) {
                        current.close();
                    }
                    current = next;
                    synchronized (this) {
                        connections++;
                    }
                }
                if (current != null && current.gone.get()) {
                    current.close();
                    current = null;
                }
                List<RowData> batch;
                synchronized (this) {
                    batch = new ArrayList<>(queued);
                }
                if (current == null || batch.isEmpty()) {
                    continue;
                }
                try {
                    ArrowTestFiles.writeBatches(current.out, null, writer, batch, batch.size());
                    current.out.flush();
                    synchronized (this) {
                        queued.subList(0, batch.size()).clear();
                    }
                } catch (IOException e) {
                    // The reader went away: keep the rows for the next one.
                    writer.reset();
                    current.close();
                    current = null;
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                failures.add(e);
            }
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }

    private Reader acceptOrNull(BufferAllocator allocator) {
        Socket s = null;
        try {
            s = server.accept();
            s.setTcpNoDelay(true);
            return new Reader(s, schema, allocator);
        } catch (SocketTimeoutException e) {
            return null; // nobody new within the poll interval
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            if (!closed) {
                synchronized (this) {
                    failures.add(e);
                }
            }
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        closed = true;
        server.close();
        thread.join(30_000);
    }
}
