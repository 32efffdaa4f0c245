package io.lightstream.flink.testutils;

import io.lightstream.LightstreamWriter;
import io.lightstream.WriteOptions;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * An in-process producer on a loopback port (test utility): every reader that connects gets the
 * same rows, in batches, and then a clean end of stream. Each connection is served on a thread of
 * its own, so a restarted job may connect while an old connection is still being torn down.
 */
public final class ServingPeer implements AutoCloseable {
    private final TransportListener listener;
    private final String uri;
    private final RowType rowType;
    private final List<RowData> rows;
    private final int batchRows;
    private final Schema schema;
    private final WriteOptions writeOptions;
    private final String table;
    private final Thread acceptor;
    private final List<Thread> servers = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger served = new AtomicInteger();
    private volatile boolean closed;

    private ServingPeer(String scheme, RowType rowType, List<RowData> rows, int batchRows, TransportOptions transport,
            ConnectionSettings stream) throws IOException {
        this.rowType = rowType;
        this.rows = List.copyOf(rows);
        this.batchRows = batchRows;
        try (BufferAllocator allocator = new RootAllocator();
                RowDataArrowWriter w = RowDataArrowWriter.create(rowType, allocator)) {
            this.schema = w.root().getSchema();
        }
        this.listener = TransportListener.sending(scheme + "://127.0.0.1:0", transport.toBuilder().accept(true).build());
        this.uri = scheme + "://127.0.0.1:" + listener.port();
        this.writeOptions = stream.writeOptions(uri, schema);
        this.table = stream.isLightstreamProtocol(uri) ? stream.effectiveTable() : null;
        this.acceptor = new Thread(this::acceptLoop, "serving-peer " + uri);
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * Starts serving {@code rows} in batches of {@code batchRows} on a free loopback TCP port.
     *
     * @param transport this side's transport settings (TLS certificate, client authentication)
     * @param stream protocol, registrations and table of the stream, as the reader declares them
     */
    public static ServingPeer start(RowType rowType, List<RowData> rows, int batchRows, TransportOptions transport,
            ConnectionSettings stream) throws IOException {
        return new ServingPeer("tcp", rowType, rows, batchRows, transport, stream);
    }

    /** Serves an Arrow stream over plain TCP. */
    public static ServingPeer start(RowType rowType, List<RowData> rows, int batchRows) throws IOException {
        return start(rowType, rows, batchRows, TransportOptions.DEFAULT, ConnectionSettings.builder().build());
    }

    /** The URI readers connect to. */
    public String uri() {
        return uri;
    }

    /** Connections that received every row and the end of the stream. */
    public int served() {
        return served.get();
    }

    /** What went wrong while serving (a reader that went away mid-stream, for example). */
    public List<Throwable> failures() {
        synchronized (failures) {
            return new ArrayList<>(failures);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            LightstreamWriter out;
            try {
                out = listener.acceptWriter(table == null ? schema : null, writeOptions);
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    failures.add(e);
                }
                return;
            }
            Thread server = new Thread(() -> serve(out), "serving-peer connection " + uri);
            server.setDaemon(true);
            servers.add(server);
            server.start();
        }
    }

    private void serve(LightstreamWriter out) {
        try (BufferAllocator allocator = new RootAllocator();
                RowDataArrowWriter writer = RowDataArrowWriter.create(rowType, allocator)) {
            try (out) {
                ArrowTestFiles.writeBatches(out, table, writer, rows, batchRows);
            }
            served.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        listener.close();
        acceptor.join(10_000);
        List<Thread> running;
        synchronized (servers) {
            running = new ArrayList<>(servers);
        }
        for (Thread t : running) {
            t.join(10_000);
        }
    }
}
