package io.lightstream.flink.source.reader;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.ReadOptions;
import io.lightstream.flink.source.split.LightstreamSplit;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one split's endpoint on a thread of its own and hands its batches over one at a time.
 *
 * <p>The hand-over holds at most one batch: while the fetcher does not take it (the pipeline is
 * slow, or the split is paused for watermark alignment) the thread blocks, stops reading, and the
 * transport's flow control pushes back on the producer. Batches the thread produced stay registered
 * until {@link #release released}; the endpoint's reader is closed only when the thread has ended and
 * every batch is released, because a reader must outlive the batches it handed out.
 *
 * <p>In bounded mode the split ends with its stream. In unbounded mode a replayable stream stays
 * idle at its end (its position kept), and any other endpoint is connected again after a backoff,
 * since the producer may start a new stream; a failure always ends the reader with its cause.
 *
 * <p>A replayable stream (a file) restored from a checkpoint is re-read from its start and batches
 * before the split's position are dropped; on other streams the position is kept for producers that
 * can resume and the stream is read as the producer sends it.
 *
 * <p>Thread-safe: the fetcher thread polls, the task thread releases, any thread may close.
 */
final class EndpointStream {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointStream.class);

    /** A batch ready for the fetcher, with the first row to emit. */
    static final class Fetched {
        final Batch batch;
        final int firstRow;
        final long arrivalTimeMillis;
        final long bytes;

        /** @param bytes bytes read from the endpoint since the previous hand-over */
        Fetched(Batch batch, int firstRow, long arrivalTimeMillis, long bytes) {
            this.batch = batch;
            this.firstRow = firstRow;
            this.arrivalTimeMillis = arrivalTimeMillis;
            this.bytes = bytes;
        }
    }

    /** The stream ended cleanly. */
    static final Object END = new Object();

    /** The stream failed. */
    static final class Failed {
        final Throwable cause;

        Failed(Throwable cause) {
            this.cause = cause;
        }
    }

    private final LightstreamSplit split;
    private final ReadOptions options;
    private final String table;
    private final boolean replayable;
    private final boolean bounded;
    private final long reconnectBackoffMillis;
    private final Runnable onReady;
    private final ArrayBlockingQueue<Object> handOff = new ArrayBlockingQueue<>(1);
    private static final Runnable NOTHING = () -> {};

    /** Batches handed out and not yet released, each with what to run just before it is closed. */
    private final Map<Batch, Runnable> outstanding = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean connected;
    private volatile LightstreamReader reader;
    private boolean threadDone;
    private boolean readerClosed;

    /**
     * @param table on the Lightstream protocol, the table whose batches are read (others are
     *     skipped); null to read every batch
     * @param bounded whether the split ends with its stream; if not, a replayable stream stays idle
     *     at its end and any other endpoint is reconnected after {@code reconnectBackoffMillis}
     * @param onReady called (on this stream's thread) after an item was put in the hand-over
     */
    EndpointStream(LightstreamSplit split, ReadOptions options, String table, boolean replayable, boolean bounded,
            long reconnectBackoffMillis, Runnable onReady) {
        this.split = split;
        this.options = options;
        this.table = table;
        this.replayable = replayable;
        this.bounded = bounded;
        this.reconnectBackoffMillis = reconnectBackoffMillis;
        this.onReady = onReady;
        this.thread = new Thread(this::run, "lightstream-source " + split.uri());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    LightstreamSplit split() {
        return split;
    }

    /** Whether the endpoint is open (connected, for network endpoints). */
    boolean isConnected() {
        return connected;
    }

    /** The next item ({@link Fetched}, {@link #END} or {@link Failed}) if one is ready, else null. */
    Object poll() {
        return handOff.poll();
    }

    private LightstreamReader open() throws IOException {
        LightstreamReader r = Lightstream.read(split.uri(), options);
        synchronized (this) {
            reader = r;
            if (closing) {
                return null;
            }
        }
        connected = true;
        return r;
    }

    private void run() {
        try {
            LightstreamReader r = open();
            if (r == null) {
                return;
            }
            boolean restoring = replayable && !split.isAtStart();
            if (!split.isAtStart() && !replayable) {
                LOG.warn("{} cannot be replayed; reading the stream as the producer sends it, not from the"
                        + " checkpointed batch {} row {}", split.uri(), split.batchSequence(), split.rowOffset());
            }
            long handedOverBytes = 0;
            while (!closing) {
                Batch batch = r.readBatch();
                if (batch == null) {
                    if (bounded) {
                        handOff.put(END);
                        onReady.run();
                        return;
                    }
                    if (replayable) {
                        // An unbounded split keeps its position at the end of a file: nothing follows.
                        LOG.info("End of {}; the split stays idle", split.uri());
                        return;
                    }
                    r = reconnect(r);
                    if (r == null) {
                        return;
                    }
                    handedOverBytes = 0;
                    continue;
                }
                long arrival = System.currentTimeMillis();
                if (!register(batch)) {
                    return;
                }
                int firstRow = 0;
                if (table != null && !table.equals(batch.name())) {
                    release(batch);
                    continue;
                }
                if (restoring) {
                    if (batch.sequence() < split.batchSequence()) {
                        release(batch);
                        continue;
                    }
                    if (batch.sequence() == split.batchSequence()) {
                        firstRow = split.rowOffset();
                    }
                    restoring = false;
                }
                long bytesRead = r.bytesRead();
                handOff.put(new Fetched(batch, firstRow, arrival, bytesRead - handedOverBytes));
                handedOverBytes = bytesRead;
                onReady.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (!closing) {
                handOff.clear();
                handOff.offer(new Failed(t));
                onReady.run();
            }
        } finally {
            connected = false;
            synchronized (this) {
                threadDone = true;
            }
            closeReaderIfIdle();
        }
    }

    /**
     * After a clean end of an unbounded network stream: waits for the previous stream's batches to be
     * released, closes its reader, waits the backoff and connects again. Null when closing.
     */
    private LightstreamReader reconnect(LightstreamReader previous) throws IOException, InterruptedException {
        connected = false;
        LOG.info("Stream of {} ended; reconnecting in {} ms", split.uri(), reconnectBackoffMillis);
        synchronized (this) {
            while (!outstanding.isEmpty() && !closing) {
                wait(100);
            }
            if (closing) {
                return null;
            }
            reader = null;
        }
        previous.close();
        Thread.sleep(reconnectBackoffMillis);
        return closing ? null : open();
    }

    /** Registers a new batch as outstanding; false (and the batch released) if the stream is closing. */
    private boolean register(Batch batch) {
        synchronized (this) {
            if (!closing) {
                outstanding.put(batch, NOTHING);
                return true;
            }
        }
        batch.close();
        return false;
    }

    /** Sets what runs just before {@code batch} (handed out, not yet released) is closed. */
    void onRelease(Batch batch, Runnable beforeClose) {
        outstanding.replace(batch, beforeClose);
    }

    /** Releases a batch this stream produced (idempotent); the reader closes after the last one. */
    void release(Batch batch) {
        Runnable beforeClose = outstanding.remove(batch);
        if (beforeClose != null) {
            beforeClose.run();
            batch.close();
            synchronized (this) {
                notifyAll();
            }
            closeReaderIfIdle();
        }
    }

    private void closeReaderIfIdle() {
        LightstreamReader toClose;
        synchronized (this) {
            if (!threadDone || readerClosed || !outstanding.isEmpty() || reader == null) {
                return;
            }
            readerClosed = true;
            toClose = reader;
        }
        try {
            toClose.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Closing the reader of {} failed", split.uri(), e);
        }
    }

    /**
     * Stops reading and releases everything: batches waiting in the hand-over or still held by Flink,
     * the thread, and the endpoint's reader. Call only when no other thread uses this stream's
     * batches any more.
     */
    void close(long timeoutMillis) {
        synchronized (this) {
            closing = true;
        }
        Object pending = handOff.poll();
        if (pending instanceof Fetched) {
            release(((Fetched) pending).batch);
        }
        for (Batch b : outstanding.keySet().toArray(new Batch[0])) {
            release(b);
        }
        thread.interrupt();
        try {
            thread.join(timeoutMillis);
            if (thread.isAlive()) {
                // Blocked in a read: closing the reader aborts it.
                LightstreamReader r = reader;
                if (r != null) {
                    synchronized (this) {
                        readerClosed = true;
                    }
                    try {
                        r.close();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Aborting the read of {} failed", split.uri(), e);
                    }
                }
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending = handOff.poll();
        if (pending instanceof Fetched) {
            release(((Fetched) pending).batch);
        }
        closeReaderIfIdle();
    }
}
