package io.lightstream.flink.sink;

import io.lightstream.Endpoint;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamWriter;
import io.lightstream.TransportException;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import java.io.IOException;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one subtask's records to one endpoint: rows go straight into the vectors of an open Arrow
 * batch, which is sent when it holds {@code batchMaxRows} rows or about {@code batchMaxBytes} bytes,
 * when its first row has waited {@code batchMaxDelay}, and (at-least-once) at every checkpoint,
 * where the writer also waits until the endpoint has taken every byte.
 *
 * <p>A failed send to a network endpoint is retried on a new connection up to {@code maxRetries}
 * times, {@code retryBackoff} apart; the batch is kept until it is sent, so nothing is lost (a
 * batch the broken connection had partly delivered may arrive twice). Files are never reopened,
 * since that would truncate them: their failures fail the job at once.
 *
 * <p>Metrics: {@code numRecordsSend}, {@code numBytesSend}, {@code numRecordsSendErrors} and the
 * gauge {@code currentSendTime} (milliseconds the last batch took to send).
 *
 * <p>All methods, including timer callbacks, run on the task's mailbox thread.
 */
final class LightstreamSinkWriter<IN> implements SinkWriter<IN> {
    private static final Logger LOG = LoggerFactory.getLogger(LightstreamSinkWriter.class);

    private final String uri;
    private final ConnectionSettings settings;
    private final LightstreamRecordSerializer<IN> serializer;
    private final DeliveryGuarantee deliveryGuarantee;
    private final int batchMaxRows;
    private final long batchMaxBytes;
    private final long batchMaxDelayMillis;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final ProcessingTimeService timers;
    private final boolean retryable;
    private final String table;
    private final BufferAllocator allocator;
    private final RowDataArrowWriter batch;
    private final Schema schema;
    private final Counter recordsSent;
    private final Counter bytesSent;
    private final Counter sendErrors;
    private LightstreamWriter out;
    private long bytesReported;
    private volatile long lastSendMillis;
    private long batchGeneration;
    private boolean timerPending;

    LightstreamSinkWriter(String uri, ConnectionSettings settings, LightstreamRecordSerializer<IN> serializer,
            DeliveryGuarantee deliveryGuarantee, int batchMaxRows, long batchMaxBytes, Duration batchMaxDelay,
            int maxRetries, Duration retryBackoff, ProcessingTimeService timers, SinkWriterMetricGroup metrics)
            throws IOException {
        this.uri = uri;
        this.settings = settings;
        this.serializer = serializer;
        this.deliveryGuarantee = deliveryGuarantee;
        this.batchMaxRows = batchMaxRows;
        this.batchMaxBytes = batchMaxBytes;
        this.batchMaxDelayMillis = batchMaxDelay.toMillis();
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
        this.timers = timers;
        this.retryable = Endpoint.parse(uri).scheme().isNetwork();
        this.table = settings.isLightstreamProtocol(uri) ? settings.effectiveTable() : null;
        this.recordsSent = metrics.getNumRecordsSendCounter();
        this.bytesSent = metrics.getNumBytesSendCounter();
        this.sendErrors = metrics.getNumRecordsSendErrorsCounter();
        metrics.setCurrentSendTimeGauge(() -> lastSendMillis);
        this.allocator = new RootAllocator(settings.memoryLimit());
        RowDataArrowWriter rows = null;
        try {
            rows = RowDataArrowWriter.create(serializer.rowType(), allocator);
            this.batch = rows;
            this.schema = rows.root().getSchema();
            this.out = open();
        } catch (IOException | RuntimeException e) {
            if (rows != null) {
                rows.close();
            }
            allocator.close();
            throw e;
        }
    }

    private LightstreamWriter open() throws IOException {
        LightstreamWriter writer = Lightstream.write(uri, table == null ? schema : null,
                settings.writeOptions(uri, schema));
        bytesReported = writer.bytesWritten();
        return writer;
    }

    @Override
    public void write(IN element, Context context) throws IOException {
        batch.write(serializer.serialize(element));
        if (batch.rowCount() == 1 && batchMaxDelayMillis > 0 && !timerPending) {
            long generation = batchGeneration;
            timerPending = true;
            timers.registerTimer(timers.getCurrentProcessingTime() + batchMaxDelayMillis, time -> {
                timerPending = false;
                if (generation == batchGeneration && batch.rowCount() > 0) {
                    send();
                }
            });
        }
        if (batch.rowCount() >= batchMaxRows || batch.estimatedBytes() >= batchMaxBytes) {
            send();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (deliveryGuarantee == DeliveryGuarantee.NONE && !endOfInput) {
            return;
        }
        send();
        withRetries(() -> out.flush(), 0);
        reportBytes();
    }

    /** Sends the open batch, if it has rows, and starts a new one. */
    private void send() throws IOException {
        int rows = batch.rowCount();
        if (rows == 0) {
            return;
        }
        batch.finish();
        long start = System.nanoTime();
        withRetries(() -> {
            if (table != null) {
                out.write(table, batch.root(), null);
            } else {
                out.write(batch.root());
            }
        }, rows);
        lastSendMillis = (System.nanoTime() - start) / 1_000_000;
        recordsSent.inc(rows);
        reportBytes();
        batch.reset();
        batchGeneration++;
    }

    private void reportBytes() {
        if (out == null) {
            return;
        }
        long written = out.bytesWritten();
        bytesSent.inc(written - bytesReported);
        bytesReported = written;
    }

    private interface Send {
        void run() throws IOException;
    }

    private void withRetries(Send send, int rows) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (out == null) {
                    out = open();
                }
                send.run();
                return;
            } catch (IOException e) {
                if (!retryable || !(e instanceof TransportException) || attempt >= maxRetries) {
                    sendErrors.inc(rows);
                    throw new IOException("sending " + rows + " rows to Lightstream endpoint " + uri + " failed"
                            + (attempt > 0 ? " after " + (attempt + 1) + " attempts" : "") + ": " + e.getMessage(), e);
                }
                LOG.warn("Sending to {} failed (attempt {} of {}); reconnecting in {}", uri, attempt + 1,
                        maxRetries + 1, retryBackoff, e);
                closeQuietly();
                out = null;
                try {
                    Thread.sleep(retryBackoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reconnecting to " + uri, ie);
                }
            }
        }
    }

    private void closeQuietly() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing the failed writer of {}", uri, e);
        }
    }

    /**
     * Ends the stream (end-of-stream marker or file footer) and releases the Arrow memory. Rows of an
     * open batch are not sent here: on a normal end {@link #flush(boolean)} has sent them, and after a
     * failure the checkpoint decides what is replayed.
     */
    @Override
    public void close() throws Exception {
        try {
            if (out != null) {
                out.close();
            }
        } finally {
            batch.close();
            allocator.close();
        }
    }
}
