package io.lightstream.kafka.source;

import java.util.Map;

/**
 * Source partition and offset maps. A partition is one stream: {@code {endpoint}} on the Arrow
 * protocol, {@code {endpoint, table}} or {@code {endpoint, message}} on the Lightstream protocol.
 * The offset of a table record is {@code {batch, row}}: the batch sequence and how many of that
 * batch's rows are in Kafka once this record is; the offset of a message record is {@code
 * {messages}}, the count of that type's messages delivered.
 */
final class SourceOffsets {
    static final String ENDPOINT = "endpoint";
    static final String TABLE = "table";
    static final String MESSAGE = "message";
    static final String BATCH = "batch";
    static final String ROW = "row";
    static final String MESSAGES = "messages";

    private SourceOffsets() {}

    /** An immutable partition map: the worker hashes it for every record, which costs little for these. */
    static Map<String, Object> tablePartition(String endpoint, String table) {
        return table == null ? Map.of(ENDPOINT, endpoint) : Map.of(ENDPOINT, endpoint, TABLE, table);
    }

    static Map<String, Object> messagePartition(String endpoint, String message) {
        return Map.of(ENDPOINT, endpoint, MESSAGE, message);
    }

    static Map<String, Object> messageOffset(long messages) {
        return Map.of(MESSAGES, messages);
    }

    /**
     * Checks the shape of a partition/offset pair given to alterOffsets; null offset means reset.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static void check(Map<String, ?> partition, Map<String, ?> offset) {
        if (partition == null || !(partition.get(ENDPOINT) instanceof String)) {
            throw new IllegalArgumentException("a source partition needs a string '" + ENDPOINT + "', got " + partition);
        }
        for (String key : partition.keySet()) {
            if (!key.equals(ENDPOINT) && !key.equals(TABLE) && !key.equals(MESSAGE)) {
                throw new IllegalArgumentException("unknown source partition key '" + key + "' in " + partition);
            }
        }
        if (offset == null) {
            return;
        }
        if (partition.containsKey(MESSAGE)) {
            requireCount(offset, MESSAGES, partition);
            if (offset.size() != 1) {
                throw new IllegalArgumentException("a message offset holds only '" + MESSAGES + "', got " + offset);
            }
        } else {
            requireCount(offset, BATCH, partition);
            requireCount(offset, ROW, partition);
            if (offset.size() != 2) {
                throw new IllegalArgumentException("a table offset holds only '" + BATCH + "' and '" + ROW + "', got "
                        + offset);
            }
        }
    }

    private static void requireCount(Map<String, ?> offset, String key, Map<String, ?> partition) {
        Object v = offset.get(key);
        if (!(v instanceof Number n) || n.longValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
            throw new IllegalArgumentException("offset of " + partition + " needs a non-negative integer '" + key
                    + "', got " + v);
        }
    }

    static long longOf(Map<String, ?> offset, String key) {
        Object v = offset == null ? null : offset.get(key);
        return v instanceof Number n ? n.longValue() : 0L;
    }
}
