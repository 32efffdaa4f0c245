package io.lightstream.kafka.source;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Tracks which Arrow batches are entirely in Kafka. Each batch is registered with the number of
 * records made from it; {@code commitRecord} counts them down (a record that a transformation
 * filtered out counts too: it was handled). A batch reaches zero when every record is acknowledged:
 * that is the moment to acknowledge it to its sender, once the protocol has an acknowledgement.
 *
 * <p>Thread-safe: records are registered on the task thread and acknowledged on the producer's.
 */
final class DeliveryTracker {
    private record Key(Map<String, ?> partition, long batch) {}

    private final Map<Key, long[]> outstanding = new HashMap<>();
    private final Map<Map<String, ?>, Long> lastComplete = new HashMap<>();
    private long pendingRecords;
    private long acknowledgedBatches;

    /** Registers {@code records} records of batch {@code batch} of {@code partition}. */
    synchronized void expect(Map<String, ?> partition, long batch, long records) {
        if (records <= 0) {
            return;
        }
        outstanding.computeIfAbsent(new Key(partition, batch), k -> new long[1])[0] += records;
        pendingRecords += records;
    }

    /** One record of {@code batch} is in Kafka (or was dropped on purpose). */
    synchronized void acknowledge(Map<String, ?> partition, long batch) {
        Key key = new Key(partition, batch);
        long[] left = outstanding.get(key);
        if (left == null) {
            return; // a record of a batch registered before a restart of this task object
        }
        pendingRecords--;
        if (--left[0] == 0) {
            outstanding.remove(key);
            acknowledgedBatches++;
            lastComplete.merge(Objects.requireNonNull(partition), batch, Math::max);
        }
    }

    synchronized long pendingBatches() {
        return outstanding.size();
    }

    synchronized long pendingRecords() {
        return pendingRecords;
    }

    synchronized long acknowledgedBatches() {
        return acknowledgedBatches;
    }

    /** The highest fully delivered batch sequence per partition. */
    synchronized Map<Map<String, ?>, Long> completed() {
        return Map.copyOf(lastComplete);
    }
}
