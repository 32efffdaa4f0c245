package io.lightstream.bench.flink;

import io.lightstream.Batch;
import io.lightstream.LightstreamReader;
import io.lightstream.ReadOptions;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A consumer on a loopback TCP port, in the benchmark's JVM: reads each stream a writer sends to its
 * end, counting rows and releasing every batch as soon as it is decoded (a consumer that keeps up).
 * One connection at a time; one thread.
 */
final class LoopbackConsumer implements AutoCloseable {
    private final TransportListener listener;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object lock = new Object();
    private long rows;
    private int streams;
    private volatile boolean closed;

    LoopbackConsumer() throws IOException {
        this.listener = TransportListener.receiving("tcp://127.0.0.1:0", TransportOptions.builder().accept(true).build());
        this.thread = new Thread(this::consume, "loopback-consumer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The URI a writer connects to. */
    String uri() {
        return "tcp://127.0.0.1:" + listener.port();
    }

    private void consume() {
        while (!closed) {
            long count = 0;
            try (LightstreamReader in = listener.acceptReader(ReadOptions.DEFAULT)) {
                for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                    try (Batch batch = b) {
                        count += batch.rowCount();
                    }
                }
                synchronized (lock) {
                    rows = count;
                    streams++;
                    lock.notifyAll();
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    failure.compareAndSet(null, e);
                }
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }

    /** Waits for the {@code n}-th stream to end and returns its row count. */
    long awaitStream(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (streams < n) {
                Throwable t = failure.get();
                if (t != null) {
                    throw new IllegalStateException("the loopback consumer failed", t);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("stream " + n + " did not end in time");
                }
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return rows;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        listener.close();
        thread.join(10_000);
    }
}
