package io.lightstream.kafka.source;

import io.lightstream.Batch;
import io.lightstream.Endpoint;
import io.lightstream.FormatException;
import io.lightstream.Item;
import io.lightstream.LightstreamReader;
import io.lightstream.Message;
import io.lightstream.ProtocolException;
import io.lightstream.ReadOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one endpoint on its own thread and puts what arrives on the task's {@link ByteBoundedQueue}.
 * The thread blocks on the queue when it is full and so stops reading the socket: that is the
 * backpressure path to the sender.
 *
 * <p>Network endpoints are read again after the stream ends or the connection breaks, with a
 * growing backoff; a fresh connection is a fresh stream, so resume offsets do not apply to it.
 * Files and stdio are read once; a file resumes after the position committed to Kafka. Malformed
 * data ends the endpoint with a {@link StreamEvent.Failed}, which fails the task with its cause.
 *
 * <p>Thread-safe: {@link #stop()} may be called from any thread and aborts a blocked read.
 */
final class EndpointReader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointReader.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Opens a reader of a URI; {@code Lightstream::read} in production. */
    @FunctionalInterface
    interface Opener {
        LightstreamReader open(String uri, ReadOptions options) throws IOException;
    }

    /** Where delivery of one stream stood when the task started. */
    interface ResumePoint {
        /** Batches of {@code table} (null on the Arrow protocol) before this sequence were delivered. */
        long batch(String table);

        /** Rows of batch {@link #batch} already delivered. */
        long row(String table);

        /** Messages of type {@code name} already delivered. */
        long messages(String name);
    }

    private final String uri;
    private final boolean replayable;
    private final boolean network;
    private final ReadOptions options;
    private final Opener opener;
    private final ByteBoundedQueue<StreamEvent> queue;
    private final ResumePoint resume;
    private final SourceMetrics metrics;
    private final Duration firstBackoff;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile LightstreamReader current;
    /** Streams opened so far; the number of the current one once it is open. */
    private long streams;

    EndpointReader(String uri, ReadOptions options, Opener opener, ByteBoundedQueue<StreamEvent> queue,
            ResumePoint resume, SourceMetrics metrics) {
        this.uri = uri;
        Endpoint.Scheme scheme = Endpoint.parse(uri).scheme();
        this.replayable = scheme == Endpoint.Scheme.FILE;
        this.network = scheme.isNetwork();
        this.options = options;
        this.opener = opener;
        this.queue = queue;
        this.resume = resume;
        this.metrics = metrics;
        this.firstBackoff = options.transport().retryBackoff().isZero()
                ? Duration.ofMillis(100) : options.transport().retryBackoff();
    }

    String uri() {
        return uri;
    }

    @Override
    public void run() {
        Duration backoff = firstBackoff;
        while (!stopped.get()) {
            try {
                readStream();
                backoff = firstBackoff;
                if (!network) {
                    LOG.info("Endpoint {} reached its end; nothing more will be read from it", uri);
                    return;
                }
                LOG.info("Stream from {} ended; reading the endpoint again", uri);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (FormatException | ProtocolException e) {
                fail(e);
                return;
            } catch (IOException | RuntimeException e) {
                if (stopped.get()) {
                    return;
                }
                if (!network) {
                    fail(e);
                    return;
                }
                metrics.reconnect();
                LOG.warn("Endpoint {} failed ({}); reading it again in {} ms", uri, e.toString(), backoff.toMillis());
            } finally {
                closeCurrent();
            }
            if (!sleep(backoff)) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void readStream() throws IOException, InterruptedException {
        LightstreamReader reader = opener.open(uri, options);
        current = reader;
        if (stopped.get()) {
            return;
        }
        long stream = streams++;
        if (stream > 0) {
            LOG.info("Reading stream {} of {}; batch sequences start again at 0", stream, uri);
        }
        metrics.connected(+1);
        try {
            Map<String, Long> messageCounts = new HashMap<>();
            Item item;
            while (!stopped.get() && (item = reader.read()) != null) {
                if (item instanceof Batch batch) {
                    if (!offer(stream, batch)) {
                        return;
                    }
                } else {
                    Message m = (Message) item;
                    long index = messageCounts.merge(m.name(), 1L, Long::sum) - 1;
                    if (replayable && index < resume.messages(m.name())) {
                        continue;
                    }
                    metrics.messageReceived(m.payload().length);
                    if (!queue.put(new StreamEvent.MessageArrived(uri, m, index), m.payload().length)) {
                        return;
                    }
                }
            }
        } finally {
            metrics.connected(-1);
        }
    }

    /** Queues a batch (or drops the part a restart already delivered); false when the task is stopping. */
    private boolean offer(long stream, Batch batch) throws InterruptedException {
        long skip = 0;
        if (replayable) {
            long resumeBatch = resume.batch(batch.name());
            if (batch.sequence() < resumeBatch
                    || batch.sequence() == resumeBatch && resume.row(batch.name()) >= batch.rowCount()) {
                batch.close();
                return true;
            }
            if (batch.sequence() == resumeBatch) {
                skip = resume.row(batch.name());
            }
        }
        long size = sizeOf(batch);
        metrics.batchReceived(batch.rowCount(), size);
        StreamEvent.BatchArrived event = new StreamEvent.BatchArrived(uri, stream, batch, skip);
        boolean queued = false;
        try {
            queued = queue.put(event, size);
            return queued;
        } finally {
            if (!queued) {
                event.close();
            }
        }
    }

    static long sizeOf(Batch batch) {
        if (batch.encodedBytes() >= 0) {
            return batch.encodedBytes();
        }
        long n = 0;
        for (var v : batch.root().getFieldVectors()) {
            n += v.getBufferSize();
        }
        return n;
    }

    private void fail(Exception e) {
        LOG.error("Endpoint {} failed: {}", uri, e.toString());
        try {
            queue.put(new StreamEvent.Failed(uri, e), 0);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !stopped.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The reading thread is done with the current reader; batches it made stay valid until closed. */
    private void closeCurrent() {
        LightstreamReader r = current;
        current = null;
        if (r != null) {
            closeQuietly(r);
        }
    }

    private void closeQuietly(LightstreamReader reader) {
        try {
            reader.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing the reader of {} failed", uri, e);
        }
    }

    /**
     * Stops reading and aborts a blocked read by closing the reader at once. Batches already queued
     * stay valid: a reader's memory is released only once its last batch is closed.
     */
    void stop() {
        stopped.set(true);
        LightstreamReader r = current;
        if (r != null) {
            closeQuietly(r);
        }
    }
}
