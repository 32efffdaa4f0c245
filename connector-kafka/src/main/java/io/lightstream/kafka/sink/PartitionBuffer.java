package io.lightstream.kafka.sink;

import io.lightstream.kafka.mapping.RowWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;

/**
 * The batch being built for one topic-partition, and where that partition's delivery stands:
 * {@link #committable()} is the offset before which every record was written, skipped or reported.
 *
 * <p>Used by the task thread only; not thread-safe. Owns its Arrow vectors until {@link #close()}.
 */
final class PartitionBuffer implements AutoCloseable {
    /** Batch custom metadata keys naming where a batch's rows came from. */
    static final String META_TOPIC = "kafka.topic";
    static final String META_PARTITION = "kafka.partition";
    static final String META_FIRST_OFFSET = "kafka.offset.first";
    static final String META_LAST_OFFSET = "kafka.offset.last";

    final TopicPartition partition;
    private final BufferAllocator allocator;
    private RowWriter rows;
    private String table;
    private long nextOffset = -1;
    private long firstOffset = -1;
    private long lastOffset = -1;
    private long firstRowNanos;

    PartitionBuffer(TopicPartition partition, BufferAllocator allocator) {
        this.partition = partition;
        this.allocator = allocator;
    }

    /** Whether {@code offset} was already handled (a batch redelivered after a retriable failure). */
    boolean seen(long offset) {
        return nextOffset >= 0 && offset < nextOffset;
    }

    /** The record at {@code offset} needs nothing more (written, skipped or reported). */
    void handled(long offset) {
        nextOffset = offset + 1;
    }

    /** The offset to commit: the first row not yet written, else after the last record handled; -1 if none. */
    long committable() {
        return firstOffset >= 0 ? firstOffset : nextOffset;
    }

    boolean isEmpty() {
        return rows == null || rows.rowCount() == 0;
    }

    int rowCount() {
        return rows == null ? 0 : rows.rowCount();
    }

    long estimatedBytes() {
        return rows == null ? 0 : rows.estimatedBytes();
    }

    /** Nanotime of the first row of the batch (meaningful when not empty). */
    long firstRowNanos() {
        return firstRowNanos;
    }

    String table() {
        return table;
    }

    /** Whether rows of {@code schema} for {@code table} can join the current batch. */
    boolean accepts(Schema schema, String table) {
        return rows != null && sameSchema(schema) && table.equals(this.table);
    }

    /** Whether {@code schema} is the schema of the current batches. */
    boolean sameSchema(Schema schema) {
        return rows != null && (rows.schema() == schema || rows.schema().equals(schema));
    }

    /** The schema of the current batches, or null before the first. */
    Schema schema() {
        return rows == null ? null : rows.schema();
    }

    /** Whether a batch was started before (so a different schema now is a change). */
    boolean hasSchema() {
        return rows != null;
    }

    /** Starts batches of {@code schema} for {@code table}; the current batch must be empty. */
    void restart(Schema schema, String table) {
        if (!isEmpty()) {
            throw new IllegalStateException("the batch of " + partition + " still holds " + rowCount() + " rows");
        }
        if (rows != null) {
            rows.close();
            rows = null;
        }
        rows = new RowWriter(schema, allocator);
        this.table = table;
    }

    /**
     * Appends every row of one record, or none: {@code value} is one row, or with {@code many} a list
     * of rows.
     *
     * @throws DataException naming the column when a row does not fit
     */
    void append(Object value, boolean many, long offset) {
        int before = rows.rowCount();
        if (!many) {
            rows.append(value); // a row that fails leaves the batch as it was
        } else {
            try {
                for (Object row : (List<?>) value) {
                    rows.append(row);
                }
            } catch (RuntimeException e) {
                rows.truncate(before);
                throw e;
            }
        }
        if (rows.rowCount() > before) {
            if (firstOffset < 0) {
                firstOffset = offset;
                firstRowNanos = System.nanoTime();
            }
            lastOffset = offset;
        }
        handled(offset);
    }

    /** The batch, sealed for writing (still owned by this buffer). */
    VectorSchemaRoot seal() {
        return rows.finish();
    }

    /** Custom metadata of the sealed batch naming its source rows. */
    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(META_TOPIC, partition.topic());
        m.put(META_PARTITION, Integer.toString(partition.partition()));
        m.put(META_FIRST_OFFSET, Long.toString(firstOffset));
        m.put(META_LAST_OFFSET, Long.toString(lastOffset));
        return m;
    }

    /** The sealed batch was written: empty the batch. */
    void written() {
        rows.reset();
        firstOffset = -1;
        lastOffset = -1;
    }

    /**
     * Forgets the unwritten rows and the delivery position (the partition is going to another task,
     * which reads again from the last committed offset).
     */
    void discard() {
        if (rows != null) {
            rows.reset();
        }
        firstOffset = -1;
        lastOffset = -1;
        nextOffset = -1;
    }

    @Override
    public void close() {
        if (rows != null) {
            rows.close();
            rows = null;
        }
    }
}
