package io.lightstream.flink.testutils;

import io.lightstream.Batch;
import io.lightstream.LightstreamReader;
import io.lightstream.ReadOptions;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * An in-process consumer on a loopback port (test utility): accepts any number of writers, at the
 * same time or one after the other, reads each stream to its end and keeps copies of all rows.
 * Optionally it goes away after a number of batches, closing its port and its connection, as a
 * crashed consumer would.
 */
public final class ReceivingPeer implements AutoCloseable {
    private final TransportListener listener;
    private final String uri;
    private final RowType rowType;
    private final ConnectionSettings stream;
    private final int goneAfterBatches;
    private final BufferAllocator allocator = new RootAllocator();
    private final Thread acceptor;
    private final List<Thread> readers = Collections.synchronizedList(new ArrayList<>());
    private final List<LightstreamReader> open = Collections.synchronizedList(new ArrayList<>());
    private final List<RowData> rows = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private volatile boolean closed;

    private ReceivingPeer(RowType rowType, TransportOptions transport, ConnectionSettings stream, int goneAfterBatches)
            throws IOException {
        this.rowType = rowType;
        this.stream = stream;
        this.goneAfterBatches = goneAfterBatches;
        this.listener = TransportListener.receiving("tcp://127.0.0.1:0", transport.toBuilder().accept(true).build());
        this.uri = "tcp://127.0.0.1:" + listener.port();
        this.acceptor = new Thread(this::acceptLoop, "receiving-peer " + uri);
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * Starts receiving on a free loopback TCP port.
     *
     * @param transport this side's transport settings (TLS certificate, client authentication)
     * @param stream protocol and registrations of the streams, as the writers declare them
     */
    public static ReceivingPeer start(RowType rowType, TransportOptions transport, ConnectionSettings stream)
            throws IOException {
        return new ReceivingPeer(rowType, transport, stream, 0);
    }

    /** Receives Arrow streams over plain TCP. */
    public static ReceivingPeer start(RowType rowType) throws IOException {
        return start(rowType, TransportOptions.DEFAULT, ConnectionSettings.builder().build());
    }

    /**
     * Receives Arrow streams over plain TCP until {@code batches} batches have arrived, then closes
     * its port and every connection.
     */
    public static ReceivingPeer goneAfter(RowType rowType, int batches) throws IOException {
        return new ReceivingPeer(rowType, TransportOptions.DEFAULT, ConnectionSettings.builder().build(), batches);
    }

    /** The URI writers connect to. */
    public String uri() {
        return uri;
    }

    /** Copies of every row received so far, over all connections. */
    public List<RowData> rows() {
        synchronized (rows) {
            return new ArrayList<>(rows);
        }
    }

    /** Streams read to their clean end. */
    public int completedStreams() {
        return completed.get();
    }

    /** Streams that failed, and accepts that failed. */
    public List<Throwable> failures() {
        synchronized (failures) {
            return new ArrayList<>(failures);
        }
    }

    /** Waits until {@code n} streams have ended cleanly; false on timeout. */
    public boolean awaitCompletedStreams(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (completed.get() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            LightstreamReader in;
            try {
                in = listener.acceptReader(stream.readOptions(allocator, null));
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    failures.add(e);
                }
                return;
            }
            open.add(in);
            Thread reader = new Thread(() -> read(in), "receiving-peer connection " + uri);
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
    }

    private void read(LightstreamReader in) {
        try (in) {
            for (Batch next = in.readBatch(); next != null; next = in.readBatch()) {
                try (Batch batch = next) {
                    rows.addAll(ArrowTestFiles.copyRows(batch, rowType, uri));
                }
                if (goneAfterBatches > 0 && batches.incrementAndGet() >= goneAfterBatches) {
                    goAway();
                    return;
                }
            }
            completed.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                failures.add(e);
            }
        } finally {
            open.remove(in);
        }
    }

    /** Closes the port and every connection, without ending any stream. */
    private void goAway() {
        closed = true;
        listener.close();
        List<LightstreamReader> all;
        synchronized (open) {
            all = new ArrayList<>(open);
        }
        for (LightstreamReader r : all) {
            try {
                r.close();
            } catch (IOException | RuntimeException e) {
                // the connection is being dropped on purpose
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        goAway();
        acceptor.join(10_000);
        List<Thread> running;
        synchronized (readers) {
            running = new ArrayList<>(readers);
        }
        for (Thread t : running) {
            t.join(10_000);
        }
        allocator.close();
    }
}
