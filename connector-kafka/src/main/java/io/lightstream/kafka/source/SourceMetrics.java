package io.lightstream.kafka.source;

import io.lightstream.kafka.PluginGauges;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The source task's own metrics, published through {@code context.pluginMetrics()} (JMX {@code
 * kafka.connect:type=plugins,connector=...,task=...}): rows, batches, bytes and messages received,
 * queued bytes, batches and records awaiting acknowledgement, acknowledged batches, open
 * connections, reconnects and schema changes.
 *
 * <p>Thread-safe: counters are updated from endpoint threads and the task thread.
 */
final class SourceMetrics implements AutoCloseable {
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong schemaChanges = new AtomicLong();
    private final PluginGauges gauges;

    SourceMetrics(PluginMetrics plugin, LongSupplier queuedBytes, LongSupplier pendingBatches,
            LongSupplier pendingRecords, LongSupplier acknowledgedBatches) {
        this.gauges = new PluginGauges(plugin);
        add("rows-received-total", "Arrow rows received from the endpoints", rows::get);
        add("batches-received-total", "Arrow batches received from the endpoints", batches::get);
        add("bytes-received-total", "Encoded bytes of the batches received", bytes::get);
        add("messages-received-total", "Lightstream messages received", messages::get);
        add("queue-bytes", "Bytes waiting between the endpoints and poll()", queuedBytes);
        add("batches-pending-ack", "Batches whose records are not all in Kafka yet", pendingBatches);
        add("records-pending-ack", "Records handed to Kafka and not yet acknowledged", pendingRecords);
        add("batches-acknowledged-total", "Batches whose every record is in Kafka", acknowledgedBatches);
        add("connections-active", "Endpoint streams open now", connections::get);
        add("reconnects-total", "Times a network endpoint was read again after a failure", reconnects::get);
        add("schema-changes-total", "Times an endpoint's Arrow schema changed", schemaChanges::get);
    }

    private void add(String name, String description, LongSupplier value) {
        gauges.add(name, description, value);
    }

    void batchReceived(int rowCount, long size) {
        batches.incrementAndGet();
        rows.addAndGet(rowCount);
        bytes.addAndGet(size);
    }

    void messageReceived(long size) {
        messages.incrementAndGet();
        bytes.addAndGet(size);
    }

    void connected(int delta) {
        connections.addAndGet(delta);
    }

    void reconnect() {
        reconnects.incrementAndGet();
    }

    void schemaChanged() {
        schemaChanges.incrementAndGet();
    }

    long rowsReceived() {
        return rows.get();
    }

    @Override
    public void close() {
        gauges.close();
    }
}
