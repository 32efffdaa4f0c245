package io.lightstream.kafka.source;

import io.lightstream.Batch;
import io.lightstream.codec.ByteArraySink;
import io.lightstream.kafka.config.TopicTemplateValidator;
import io.lightstream.kafka.mapping.ArrowParameters;
import io.lightstream.kafka.mapping.ConnectSchemaMapper;
import io.lightstream.kafka.mapping.IpcBytes;
import io.lightstream.kafka.mapping.RowReader;
import io.lightstream.kafka.source.LightstreamSourceConfig.RecordMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns what the endpoints deliver into {@link SourceRecord}s: rows as Structs (row mode) or
 * batches as Arrow IPC bytes (batch mode, split by rows to stay under the record size limit), and
 * Lightstream messages as BYTES records. Connect schemas are derived once per Arrow schema.
 *
 * <p>Used by the task thread only; not thread-safe.
 */
final class RecordEmitter {
    static final String HEADER_PREFIX = "lightstream.";
    private static final int SCHEMA_CACHE_SIZE = 64;

    private final LightstreamSourceConfig config;
    private final RecordMode mode;
    private final ConnectSchemaMapper mapper;
    private final List<String> keyColumns;
    private final String timestampColumn;
    private final boolean headers;
    private final String topicTemplate;
    private final int maxRecordBytes;
    private final Map<org.apache.arrow.vector.types.pojo.Schema, RowShape> shapes = new HashMap<>();
    private final Map<Map<String, Object>, org.apache.arrow.vector.types.pojo.Schema> lastSchema = new HashMap<>();
    private final SourceMetrics metrics;
    private final DeliveryTracker tracker;
    private final BufferAllocator scratch;
    /** Batch mode: the bytes of the slice being encoded, reused from slice to slice. */
    private final ByteArraySink encoded = new ByteArraySink(1 << 16);
    private final Map<String, Map<String, Object>> partitions = new HashMap<>();

    /**
     * The Connect side of one Arrow schema: value schema, key schema, the value fields the key is
     * made of, the timestamp field (or null) and its unit. The same Connect schema objects serve
     * every batch of the Arrow schema, so converters find them in their caches.
     */
    private record RowShape(Schema value, Schema key, org.apache.kafka.connect.data.Field[] keyFields,
            org.apache.kafka.connect.data.Field timestampField, long timestampDivisor) {}

    /** A batch being emitted; holds the batch until every record is made. */
    final class Cursor implements AutoCloseable {
        final StreamEvent.BatchArrived event;
        final Batch batch;
        final Map<String, Object> partition;
        final String topic;
        private final RowShape shape;
        private final RowReader rows;
        private final ArrayDeque<SourceRecord> ready = new ArrayDeque<>();
        /** The headers every row record of the batch carries; copied per record, the headers themselves shared. */
        private final ConnectHeaders rowHeaders;
        private DeliveryTracker.Batch delivery;
        private int next;

        private Cursor(StreamEvent.BatchArrived event, Map<String, Object> partition, String topic, RowShape shape,
                RowReader rows, int first) {
            this.event = event;
            this.batch = event.batch();
            this.partition = partition;
            this.topic = topic;
            this.shape = shape;
            this.rows = rows;
            this.next = first;
            this.rowHeaders = rows != null && headers ? headersOf(this, -1) : null;
        }

        boolean exhausted() {
            return ready.isEmpty() && (rows == null || next >= batch.rowCount());
        }

        /** Whether {@code record} was made from this cursor's batch. */
        boolean madeOf(SourceRecord record) {
            return record.sourceOffset() instanceof TableOffset o && o.delivery() == delivery;
        }

        @Override
        public void close() {
            event.close();
        }
    }

    /** @param scratch memory the IPC encoder of batch mode may borrow */
    RecordEmitter(LightstreamSourceConfig config, SourceMetrics metrics, DeliveryTracker tracker,
            BufferAllocator scratch) {
        this.scratch = scratch;
        this.tracker = tracker;
        this.config = config;
        this.mode = config.recordMode();
        this.mapper = new ConnectSchemaMapper(config.mappingOptions());
        this.keyColumns = config.getList(LightstreamSourceConfig.KEY_COLUMNS);
        this.timestampColumn = config.getString(LightstreamSourceConfig.TIMESTAMP_COLUMN).trim();
        this.headers = config.getBoolean(LightstreamSourceConfig.HEADERS_ENABLE);
        this.topicTemplate = config.getString(LightstreamSourceConfig.TOPIC).trim();
        this.maxRecordBytes = config.getInt(LightstreamSourceConfig.BATCH_MAX_BYTES);
        this.metrics = metrics;
    }

    /**
     * Starts emitting {@code event}'s batch and registers the records it will make with the
     * delivery tracker.
     *
     * @throws ConnectException when the batch's schema cannot be mapped or lacks a configured column
     */
    Cursor begin(StreamEvent.BatchArrived event) {
        Batch batch = event.batch();
        Map<String, Object> partition = partitionOf(event.endpoint(), batch.name());
        String topic = topicFor(batch.name(), event.endpoint());
        trackSchema(partition, batch.schema());
        int first = (int) event.skipRows();
        if (mode == RecordMode.BATCH) {
            Cursor c = new Cursor(event, partition, topic, null, null, first);
            List<Slice> slices = new ArrayList<>();
            slice(c, first, batch.rowCount() - first, slices);
            c.delivery = tracker.expect(partition, event.stream(), batch.sequence(), slices.size());
            for (Slice s : slices) {
                c.ready.addLast(new SourceRecord(partition, new TableOffset(batch.sequence(), (long) s.start + s.length,
                        c.delivery), topic, null, null, null, Schema.BYTES_SCHEMA, s.bytes, null, headersOf(c, s.length)));
            }
            return c;
        }
        RowShape shape = shapeOf(batch);
        RowReader rows;
        try {
            rows = new RowReader(shape.value(), batch.root(), batch.dictionaries());
        } catch (RuntimeException e) {
            throw new ConnectException("batch " + batch.sequence() + " from " + event.endpoint() + ": " + e.getMessage(), e);
        }
        Cursor c = new Cursor(event, partition, topic, shape, rows, first);
        c.delivery = tracker.expect(partition, event.stream(), batch.sequence(), batch.rowCount() - first);
        return c;
    }

    /** Moves up to {@code max} records of the cursor's batch into {@code out}. */
    void emit(Cursor c, List<SourceRecord> out, int max) {
        int taken = 0;
        while (taken < max && !c.ready.isEmpty()) {
            out.add(c.ready.pollFirst());
            taken++;
        }
        if (c.rows == null) {
            return;
        }
        int end = Math.min(c.batch.rowCount(), c.next + (max - taken));
        for (; c.next < end; c.next++) {
            out.add(rowRecord(c, c.next));
        }
    }

    private SourceRecord rowRecord(Cursor c, int row) {
        Struct value;
        try {
            value = c.rows.read(row);
        } catch (RuntimeException e) {
            throw new ConnectException("batch " + c.batch.sequence() + " from " + c.partition.get(SourceOffsets.ENDPOINT)
                    + ": " + e.getMessage(), e);
        }
        Object key = null;
        RowShape shape = c.shape;
        if (shape.key() != null) {
            if (shape.keyFields().length == 1) {
                key = value.get(shape.keyFields()[0]);
            } else {
                Struct k = new Struct(shape.key());
                for (org.apache.kafka.connect.data.Field f : shape.keyFields()) {
                    k.put(f.name(), value.get(f));
                }
                key = k;
            }
        }
        Long timestamp = null;
        if (shape.timestampField() != null) {
            Object t = value.get(shape.timestampField());
            if (t instanceof java.util.Date d) {
                timestamp = d.getTime();
            } else if (t instanceof Long n) {
                timestamp = Math.floorDiv(n, c.shape.timestampDivisor());
            }
        }
        return new SourceRecord(c.partition, new TableOffset(c.batch.sequence(), row + 1L, c.delivery), c.topic, null,
                c.shape.key(), key, c.shape.value(), value, timestamp,
                c.rowHeaders == null ? null : new ConnectHeaders(c.rowHeaders));
    }

    /** A run of rows of a batch encoded as one Arrow IPC stream. */
    private record Slice(int start, int length, byte[] bytes) {}

    /** Encodes rows {@code start .. start+length-1}, halving the run until each part fits a record. */
    private void slice(Cursor c, int start, int length, List<Slice> out) {
        VectorSchemaRoot root = c.batch.root();
        byte[] bytes;
        if (start == 0 && length == root.getRowCount()) {
            bytes = IpcBytes.encode(root, c.batch.dictionaries(), Map.of(), scratch, encoded);
        } else {
            try (VectorSchemaRoot part = root.slice(start, length)) {
                bytes = IpcBytes.encode(part, c.batch.dictionaries(), Map.of(), scratch, encoded);
            }
        }
        if (bytes.length > maxRecordBytes) {
            if (length <= 1) {
                throw new ConnectException("row " + start + " of batch " + c.batch.sequence() + " from "
                        + c.partition.get(SourceOffsets.ENDPOINT) + " is " + bytes.length + " bytes as Arrow IPC, above "
                        + LightstreamSourceConfig.BATCH_MAX_BYTES + "=" + maxRecordBytes
                        + "; raise it (and the producer's max.request.size) or use record.mode=row");
            }
            int half = length / 2;
            slice(c, start, half, out);
            slice(c, start + half, length - half, out);
            return;
        }
        out.add(new Slice(start, length, bytes));
    }

    /** Releases what a queued event holds (its batch), for events dropped at stop. */
    static void closeEvent(StreamEvent event) {
        if (event instanceof StreamEvent.BatchArrived b) {
            b.close();
        }
    }

    SourceRecord message(StreamEvent.MessageArrived event) {
        Map<String, Object> partition = SourceOffsets.messagePartition(event.endpoint(), event.message().name());
        ConnectHeaders h = new ConnectHeaders();
        h.addString(HEADER_PREFIX + "message", event.message().name());
        if (headers) {
            h.addString(HEADER_PREFIX + "endpoint", event.endpoint());
        }
        return new SourceRecord(partition, SourceOffsets.messageOffset(event.index() + 1), topicFor(event.message().name(),
                event.endpoint()), null, null, null, Schema.BYTES_SCHEMA, event.message().payload(), null, h);
    }

    private ConnectHeaders headersOf(Cursor c, int sliceRows) {
        ConnectHeaders h = new ConnectHeaders();
        if (sliceRows >= 0) {
            h.addString("content-type", IpcBytes.CONTENT_TYPE);
            h.addInt(HEADER_PREFIX + "rows", sliceRows);
        }
        if (!headers) {
            return h;
        }
        h.addString(HEADER_PREFIX + "endpoint", (String) c.partition.get(SourceOffsets.ENDPOINT));
        h.addLong(HEADER_PREFIX + "batch.sequence", c.batch.sequence());
        if (c.batch.name() != null) {
            h.addString(HEADER_PREFIX + "table", c.batch.name());
        }
        if (sliceRows >= 0) {
            c.batch.metadata().forEach((k, v) -> h.addString(HEADER_PREFIX + "meta." + k, v));
        }
        return h;
    }

    private String topicFor(String name, String endpoint) {
        if (!topicTemplate.contains(TopicTemplateValidator.TABLE_PLACEHOLDER)) {
            return topicTemplate;
        }
        if (name == null) {
            throw new ConnectException("topic '" + topicTemplate + "' names the table, but " + endpoint
                    + " sent a batch without a table name");
        }
        String topic = topicTemplate.replace(TopicTemplateValidator.TABLE_PLACEHOLDER, name);
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new ConnectException("table name '" + name + "' from " + endpoint + " gives the illegal topic name '"
                    + topic + "'");
        }
        return topic;
    }

    /** The partition map of a stream, one instance per stream, so that the worker hashes it cheaply. */
    private Map<String, Object> partitionOf(String endpoint, String table) {
        return partitions.computeIfAbsent(table == null ? endpoint : endpoint + '\u0000' + table,
                k -> SourceOffsets.tablePartition(endpoint, table));
    }

    private void trackSchema(Map<String, Object> stream, org.apache.arrow.vector.types.pojo.Schema schema) {
        org.apache.arrow.vector.types.pojo.Schema previous = lastSchema.put(stream, schema);
        if (previous != null && previous != schema && !previous.equals(schema)) {
            metrics.schemaChanged();
        }
    }

    private RowShape shapeOf(Batch batch) {
        RowShape shape = shapes.get(batch.schema());
        if (shape != null) {
            return shape;
        }
        if (shapes.size() >= SCHEMA_CACHE_SIZE) {
            shapes.clear();
        }
        String configured = config.getString(LightstreamSourceConfig.SCHEMA_NAME).trim();
        String name = !configured.isEmpty() ? configured
                : batch.name() != null ? batch.name() : LightstreamSourceConfig.DEFAULT_SCHEMA_NAME;
        Schema value;
        try {
            value = mapper.toConnect(batch.schema(), name);
        } catch (RuntimeException e) {
            throw new ConnectException("the Arrow schema of batch " + batch.sequence() + " cannot become a Connect schema: "
                    + e.getMessage(), e);
        }
        Schema key = null;
        org.apache.kafka.connect.data.Field[] keyFields = new org.apache.kafka.connect.data.Field[keyColumns.size()];
        if (!keyColumns.isEmpty()) {
            SchemaBuilder keyStruct = SchemaBuilder.struct().name(name + "Key");
            for (int i = 0; i < keyFields.length; i++) {
                String column = keyColumns.get(i);
                keyFields[i] = value.field(column);
                if (keyFields[i] == null) {
                    throw new ConnectException("key column '" + column + "' is not in the Arrow schema (columns: "
                            + columnNames(value) + ")");
                }
                keyStruct.field(column, keyFields[i].schema());
            }
            key = keyColumns.size() == 1 ? keyFields[0].schema() : keyStruct.build();
        }
        long divisor = 1;
        org.apache.kafka.connect.data.Field f = null;
        if (!timestampColumn.isEmpty()) {
            f = value.field(timestampColumn);
            if (f == null) {
                throw new ConnectException("timestamp column '" + timestampColumn + "' is not in the Arrow schema (columns: "
                        + columnNames(value) + ")");
            }
            if (ArrowParameters.TIMESTAMP_NAME.equals(f.schema().name())) {
                divisor = "NANOSECOND".equals(f.schema().parameters().get(ArrowParameters.UNIT)) ? 1_000_000L : 1000L;
            } else if (!Timestamp.LOGICAL_NAME.equals(f.schema().name())) {
                throw new ConnectException("timestamp column '" + timestampColumn + "' is not a timestamp (its Connect"
                        + " schema is " + f.schema().type() + ")");
            }
        }
        shape = new RowShape(value, key, keyFields, f, divisor);
        shapes.put(batch.schema(), shape);
        return shape;
    }

    private static List<String> columnNames(Schema schema) {
        List<String> names = new ArrayList<>();
        schema.fields().forEach(f -> names.add(f.name()));
        return names;
    }
}
