package io.lightstream.kafka.sink;

import io.lightstream.kafka.PluginGauges;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The sink task's own metrics, published through {@code context.pluginMetrics()} (JMX {@code
 * kafka.connect:type=plugins,connector=...,task=...}): rows, batches and bytes written, rows and
 * bytes waiting in partial batches and the age of the oldest (the task's lag behind its input),
 * skipped and errant records, failed writes, streams opened and open, schema changes.
 *
 * <p>Thread-safe: updated on the task thread, read by the metrics reporter.
 */
final class SinkMetrics implements AutoCloseable {
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong errant = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong schemaChanges = new AtomicLong();
    private final PluginGauges gauges;

    SinkMetrics(PluginMetrics plugin, LongSupplier bufferedRows, LongSupplier bufferedBytes, LongSupplier oldestAgeMs) {
        this.gauges = new PluginGauges(plugin);
        add("rows-written-total", "Arrow rows written to the endpoint", rows::get);
        add("batches-written-total", "Arrow batches written to the endpoint", batches::get);
        add("bytes-written-total", "Encoded bytes written to the endpoint", bytes::get);
        add("rows-buffered", "Rows waiting in partial batches", bufferedRows);
        add("bytes-buffered", "Approximate Arrow bytes of the partial batches", bufferedBytes);
        add("buffered-age-ms", "Age of the oldest row not yet written (0 when none waits)", oldestAgeMs);
        add("records-skipped-total", "Records with a null value skipped (behavior.on.null.values=ignore)", skipped::get);
        add("records-errant-total", "Records reported to the errant record reporter", errant::get);
        add("write-failures-total", "Writes to the endpoint that failed", failures::get);
        add("streams-opened-total", "Endpoint streams opened (connections, or files)", opened::get);
        add("streams-active", "Endpoint streams open now (connection state: 1 connected, 0 not)", open::get);
        add("schema-changes-total", "Times a partition's schema changed", schemaChanges::get);
    }

    private void add(String name, String description, LongSupplier value) {
        gauges.add(name, description, value);
    }

    void batchWritten(int rowCount, long size) {
        batches.incrementAndGet();
        rows.addAndGet(rowCount);
        bytes.addAndGet(size);
    }

    void skipped() {
        skipped.incrementAndGet();
    }

    void errant() {
        errant.incrementAndGet();
    }

    void writeFailed() {
        failures.incrementAndGet();
    }

    void streamOpened() {
        opened.incrementAndGet();
        open.incrementAndGet();
    }

    void streamClosed() {
        open.decrementAndGet();
    }

    void schemaChanged() {
        schemaChanges.incrementAndGet();
    }

    @Override
    public void close() {
        gauges.close();
    }
}
