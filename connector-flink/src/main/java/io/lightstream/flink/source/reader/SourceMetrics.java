package io.lightstream.flink.source.reader;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

/**
 * The source reader's metrics beyond {@code numRecordsIn} (which Flink counts, one per row):
 * {@code numBytesIn} (bytes read from the endpoints, counted when a batch's first row is emitted), {@code pendingRecords} (rows of the
 * batches received and not yet fully emitted, counted per batch so the per-row path stays free of
 * shared writes; what the endpoint itself still holds is not known), and per endpoint, under the group
 * {@code endpoint=<uri>}: {@code connected}, {@code batchesIn}, {@code bytesIn}.
 *
 * <p>Counters are updated on the task thread; the pending count is shared with the fetcher thread.
 */
final class SourceMetrics {
    private final SourceReaderMetricGroup group;
    private final Counter bytesIn;
    private final AtomicLong pendingRows = new AtomicLong();
    private String lastEndpoint;
    private EndpointCounters last;
    private final java.util.Map<String, EndpointCounters> endpoints = new java.util.concurrent.ConcurrentHashMap<>();

    private static final class EndpointCounters {
        final Counter batches;
        final Counter bytes;

        EndpointCounters(MetricGroup group) {
            batches = group.counter("batchesIn");
            bytes = group.counter("bytesIn");
        }
    }

    SourceMetrics(SourceReaderMetricGroup group) {
        this.group = group;
        this.bytesIn = group.getIOMetricGroup().getNumBytesInCounter();
        group.setPendingRecordsGauge(() -> Math.max(0, pendingRows.get()));
    }

    /** Registers the gauges and counters of an endpoint (once per URI). */
    void registerEndpoint(String uri, BooleanSupplier connected) {
        endpoints.computeIfAbsent(uri, u -> {
            MetricGroup g = group.addGroup("endpoint", u);
            g.gauge("connected", () -> connected.getAsBoolean() ? 1 : 0);
            return new EndpointCounters(g);
        });
    }

    /** A fetch holding {@code rows} rows to emit was handed over (fetcher thread). */
    void fetched(int rows) {
        pendingRows.addAndGet(rows);
    }

    /** A fetch holding {@code rows} rows was recycled (task thread). */
    void released(int rows) {
        pendingRows.addAndGet(-rows);
    }

    /** The first row of a batch from {@code endpoint} is being emitted (task thread). */
    void batchStarted(String endpoint, long encodedBytes) {
        if (!endpoint.equals(lastEndpoint)) {
            last = endpoints.get(endpoint);
            lastEndpoint = endpoint;
        }
        if (encodedBytes > 0) {
            bytesIn.inc(encodedBytes);
            if (last != null) {
                last.bytes.inc(encodedBytes);
            }
        }
        if (last != null) {
            last.batches.inc();
        }
    }
}
