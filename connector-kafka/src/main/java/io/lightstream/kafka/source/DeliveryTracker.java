package io.lightstream.kafka.source;

import java.util.HashMap;
import java.util.Map;

/**
 * Tracks which Arrow batches are entirely in Kafka. Each batch is registered with the number of
 * records made from it and gets a {@link Batch} handle, which its records carry in their source
 * offset ({@link TableOffset}); {@code commitRecord} counts them down through it (a record that a
 * transformation filtered out counts too: it was handled). A batch reaches zero when every record is
 * acknowledged: that is the moment to acknowledge it to its sender, once the protocol has an
 * acknowledgement.
 *
 * <p>A reconnected network endpoint starts a new stream whose batch sequence starts again at 0;
 * handles are per batch object, so batches of an old and a new stream never mix, and {@link
 * #completed()} reports the newest stream.
 *
 * <p>Thread-safe: records are registered on the task thread and acknowledged on the producer's.
 */
final class DeliveryTracker {

    /** The records of one batch still waiting for Kafka. Guarded by the tracker. */
    static final class Batch {
        private final Map<String, ?> partition;
        private final long stream;
        private final long sequence;
        private long left;

        private Batch(Map<String, ?> partition, long stream, long sequence, long records) {
            this.partition = partition;
            this.stream = stream;
            this.sequence = sequence;
            this.left = records;
        }
    }

    /** The last fully delivered batch of a partition: stream (connection) number and batch sequence. */
    record Position(long stream, long batch) {}

    private final Map<Map<String, ?>, Position> lastComplete = new HashMap<>();
    private long pendingBatches;
    private long pendingRecords;
    private long acknowledgedBatches;

    /**
     * Registers {@code records} records of batch {@code sequence} of stream {@code stream} (the
     * endpoint's connection number) of {@code partition}.
     */
    synchronized Batch expect(Map<String, ?> partition, long stream, long sequence, long records) {
        Batch b = new Batch(partition, stream, sequence, records);
        if (records > 0) {
            pendingBatches++;
            pendingRecords += records;
        }
        return b;
    }

    /** One record of {@code batch} is in Kafka (or was dropped on purpose). */
    synchronized void acknowledge(Batch batch) {
        if (batch.left <= 0) {
            return; // more acknowledgements than records: never counted twice
        }
        pendingRecords--;
        if (--batch.left == 0) {
            pendingBatches--;
            acknowledgedBatches++;
            lastComplete.merge(batch.partition, new Position(batch.stream, batch.sequence),
                    (a, b) -> a.stream() > b.stream() || a.stream() == b.stream() && a.batch() >= b.batch() ? a : b);
        }
    }

    synchronized long pendingBatches() {
        return pendingBatches;
    }

    synchronized long pendingRecords() {
        return pendingRecords;
    }

    synchronized long acknowledgedBatches() {
        return acknowledgedBatches;
    }

    /** The last fully delivered batch per partition, in its newest stream. */
    synchronized Map<Map<String, ?>, Position> completed() {
        return Map.copyOf(lastComplete);
    }
}
