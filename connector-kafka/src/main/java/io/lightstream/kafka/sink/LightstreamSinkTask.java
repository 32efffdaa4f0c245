package io.lightstream.kafka.sink;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.kafka.Version;
import io.lightstream.kafka.config.PemFiles;
import io.lightstream.kafka.config.TransportConfig;
import io.lightstream.kafka.mapping.ConnectSchemaMapper;
import io.lightstream.kafka.mapping.IpcBytes;
import io.lightstream.kafka.sink.LightstreamSinkConfig.NullValues;
import io.lightstream.kafka.sink.LightstreamSinkConfig.RecordMode;
import io.lightstream.kafka.sink.LightstreamSinkConfig.SchemaChange;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of its topic-partitions to one endpoint as Arrow batches.
 *
 * <p>Each assigned topic-partition has a batch builder (created in {@link #open}, dropped in
 * {@link #close}); {@link #put} appends rows and writes a partition's batch when it reaches {@code
 * batch.max.rows} or {@code batch.max.bytes}, when its oldest row has waited {@code
 * batch.linger.ms}, when the partition's schema (or Lightstream table) changes, or when all builders
 * together exceed {@code buffer.max.bytes}. {@link #preCommit} writes what is left and returns, per
 * partition, only the offset before which every record was written (or skipped, or reported as
 * errant): a crash loses no row, at the price of writing some again.
 *
 * <p>A record that cannot become a row goes to the errant record reporter (the dead letter queue)
 * when the worker provides one, otherwise the task fails naming the record. A failed write makes
 * {@code put} throw {@link RetriableException} after {@code context.timeout(backoff)}: the worker
 * redelivers the same records (rows already buffered are recognised by offset and not added twice)
 * and the write is tried again on a fresh stream; after {@code max.retries} failures in a row the
 * task fails with the cause.
 *
 * <p>All methods run on the task thread.
 */
public class LightstreamSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(LightstreamSinkTask.class);
    private static final long MAX_BACKOFF_MS = 60_000;

    private final EndpointWriter.Opener opener;
    private final Map<TopicPartition, PartitionBuffer> buffers = new HashMap<>();
    private LightstreamSinkConfig config;
    private BufferAllocator allocator;
    private PemFiles pem;
    private EndpointWriter writer;
    private SinkRecordMapper mapper;
    private SinkMetrics metrics;
    private ErrantRecordReporter reporter;
    private RecordMode mode;
    private NullValues nullValues;
    private SchemaChange schemaChange;
    private boolean kafkaMetadata;
    private String tableTemplate;
    private Set<String> registeredTables;
    private int maxRows;
    private long maxBytes;
    private long lingerNanos;
    private long bufferMaxBytes;
    private int maxRetries;
    private long backoffMs;
    private int failures;
    private volatile long bufferedRows;
    private volatile long bufferedBytes;
    private volatile long oldestRowNanos = Long.MAX_VALUE;

    public LightstreamSinkTask() {
        this(Lightstream::write);
    }

    LightstreamSinkTask(EndpointWriter.Opener opener) {
        this.opener = opener;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new LightstreamSinkConfig(props);
        mode = config.recordMode();
        nullValues = config.nullValues();
        schemaChange = config.schemaChange();
        kafkaMetadata = config.getBoolean(LightstreamSinkConfig.METADATA_ENABLE);
        tableTemplate = config.getString(LightstreamSinkConfig.TABLE).trim();
        maxRows = config.getInt(LightstreamSinkConfig.BATCH_MAX_ROWS);
        maxBytes = config.getLong(LightstreamSinkConfig.BATCH_MAX_BYTES);
        lingerNanos = TimeUnit.MILLISECONDS.toNanos(config.getLong(LightstreamSinkConfig.BATCH_LINGER_MS));
        bufferMaxBytes = config.getLong(LightstreamSinkConfig.BUFFER_MAX_BYTES);
        maxRetries = config.getInt(LightstreamSinkConfig.MAX_RETRIES);
        backoffMs = config.getLong(LightstreamSinkConfig.RETRY_BACKOFF_MS);
        mapper = new SinkRecordMapper(new ConnectSchemaMapper(config.mappingOptions()), config.schemalessSchema());
        allocator = new RootAllocator(config.getLong(LightstreamSinkConfig.MEMORY_MAX_BYTES));
        pem = new PemFiles();
        metrics = new SinkMetrics(context.pluginMetrics(), () -> bufferedRows, () -> bufferedBytes, this::oldestAgeMs);
        try {
            WriteOptions.Builder options = WriteOptions.builder()
                    .protocol(config.protocol())
                    .allocator(allocator)
                    .transport(TransportConfig.toOptions(config, pem));
            List<String> tables = config.getList(LightstreamSinkConfig.REGISTRATIONS);
            if (config.protocol() == Protocol.LIGHTSTREAM && !tables.isEmpty()) {
                registeredTables = new LinkedHashSet<>();
                for (String t : tables) {
                    registeredTables.add(t.trim());
                    options.registerTable(t.trim(), null);
                }
            }
            writer = new EndpointWriter(config.taskEndpoint(), config.protocol(), options.build(), opener,
                    config.getInt(LightstreamSinkConfig.TASK_INDEX), metrics);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        reporter = errantRecordReporter();
        LOG.info("Writing to {} ({} mode){}", writer.uri(), mode,
                reporter == null ? "; no errant record reporter, so a record that cannot be written fails the task" : "");
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            buffers.computeIfAbsent(tp, p -> new PartitionBuffer(p, allocator));
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            PartitionBuffer buf = null;
            for (SinkRecord r : records) {
                // Records come in runs of one partition: look its buffer up once per run.
                if (buf == null || buf.partition.partition() != r.originalKafkaPartition()
                        || !buf.partition.topic().equals(r.originalTopic())) {
                    buf = buffers.computeIfAbsent(new TopicPartition(r.originalTopic(), r.originalKafkaPartition()),
                            p -> new PartitionBuffer(p, allocator));
                }
                long offset = r.originalKafkaOffset();
                if (!buf.seen(offset)) {
                    accept(r, buf, offset);
                }
            }
            writeDue();
            scheduleLinger();
        } catch (IOException e) {
            throw retry(e);
        } finally {
            updateGauges();
        }
    }

    private void accept(SinkRecord r, PartitionBuffer buf, long offset) throws IOException {
        if (r.value() == null) {
            tombstone(r, buf, offset);
            return;
        }
        if (mode == RecordMode.BATCH) {
            passThrough(r, buf, offset);
            return;
        }
        SinkRecordMapper.Rows rows;
        try {
            rows = mapper.rows(r);
        } catch (DataException e) {
            errant(r, buf, offset, e);
            return;
        }
        append(r, buf, offset, rows.schema(), rows.value(), rows.many());
    }

    private void append(SinkRecord r, PartitionBuffer buf, long offset, Schema schema, Object rows, boolean many)
            throws IOException {
        String table = tableOf(r);
        if (!buf.accepts(schema, table)) {
            boolean schemaChanged = buf.hasSchema() && !buf.sameSchema(schema);
            if (schemaChanged && schemaChange == SchemaChange.FAIL) {
                errant(r, buf, offset, new DataException("the record's schema differs from the one its partition had"
                        + " so far, and " + LightstreamSinkConfig.SCHEMA_CHANGE + "=fail"));
                return;
            }
            if (registeredTables != null && !registeredTables.contains(table)) {
                errant(r, buf, offset, new DataException("table '" + table + "' is not among "
                        + LightstreamSinkConfig.REGISTRATIONS + " " + registeredTables));
                return;
            }
            if (schemaChanged) {
                metrics.schemaChanged();
            }
            write(buf);
            buf.restart(schema, table);
        }
        try {
            buf.append(rows, many, offset);
        } catch (DataException e) {
            errant(r, buf, offset, e);
            return;
        }
        if (full(buf)) {
            write(buf);
        }
    }

    private void tombstone(SinkRecord r, PartitionBuffer buf, long offset) throws IOException {
        switch (nullValues) {
            case IGNORE -> {
                metrics.skipped();
                buf.handled(offset);
            }
            case FAIL -> errant(r, buf, offset, new DataException("the record's value is null (a tombstone) and "
                    + LightstreamSinkConfig.NULL_VALUES + "=fail"));
            case WRITE -> {
                Schema schema = buf.hasSchema() ? buf.schema() : mapper.schemaOfTombstone(r);
                if (schema == null) {
                    errant(r, buf, offset, new DataException("the record's value is null and no row schema is known"
                            + " yet for its partition; declare " + LightstreamSinkConfig.SCHEMALESS_SCHEMA));
                    return;
                }
                append(r, buf, offset, schema, Map.of(), false);
            }
        }
    }

    private void passThrough(SinkRecord r, PartitionBuffer buf, long offset) throws IOException {
        if (!(r.value() instanceof byte[] bytes)) {
            errant(r, buf, offset, new DataException("record.mode=batch expects Arrow IPC stream bytes (value.converter="
                    + LightstreamSinkConfig.BYTE_ARRAY_CONVERTER + "), got " + r.value().getClass().getSimpleName()));
            return;
        }
        IpcBytes.Decoded decoded;
        try {
            decoded = IpcBytes.decode(bytes, allocator);
        } catch (DataException e) {
            errant(r, buf, offset, e);
            return;
        }
        try (decoded) {
            String table = tableOf(r);
            if (registeredTables != null && !registeredTables.contains(table)) {
                errant(r, buf, offset, new DataException("table '" + table + "' is not among "
                        + LightstreamSinkConfig.REGISTRATIONS + " " + registeredTables));
                return;
            }
            for (Batch b : decoded.batches()) {
                Map<String, String> metadata = b.metadata();
                if (kafkaMetadata) {
                    metadata = new LinkedHashMap<>(metadata);
                    metadata.put(PartitionBuffer.META_TOPIC, buf.partition.topic());
                    metadata.put(PartitionBuffer.META_PARTITION, Integer.toString(buf.partition.partition()));
                    metadata.put(PartitionBuffer.META_FIRST_OFFSET, Long.toString(offset));
                    metadata.put(PartitionBuffer.META_LAST_OFFSET, Long.toString(offset));
                }
                writer.write(table, b.root(), b.dictionaries(), metadata);
                failures = 0;
            }
        }
        buf.handled(offset);
    }

    private void errant(SinkRecord r, PartitionBuffer buf, long offset, DataException e) {
        String where = "record " + r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset();
        if (reporter == null) {
            throw new ConnectException(where + " cannot be written: " + e.getMessage() + ". To route such records"
                    + " aside instead, set errors.tolerance=all with errors.deadletterqueue.topic.name (or"
                    + " errors.log.enable=true)", e);
        }
        LOG.debug("Reporting errant {}: {}", where, e.getMessage());
        reporter.report(r, new DataException(where + ": " + e.getMessage(), e));
        metrics.errant();
        buf.handled(offset);
    }

    private String tableOf(SinkRecord r) {
        return tableTemplate.replace(LightstreamSinkConfig.TOPIC_PLACEHOLDER, r.topic());
    }

    /** Writes the partition's batch if it holds rows. */
    private void write(PartitionBuffer buf) throws IOException {
        if (buf.isEmpty()) {
            return;
        }
        writer.write(buf.table(), buf.seal(), null, kafkaMetadata ? buf.metadata() : Map.of());
        buf.written();
        failures = 0;
    }

    /** Writes batches whose linger time is up, or every batch when together they hold too much. */
    private void writeDue() throws IOException {
        long now = System.nanoTime();
        long total = 0;
        for (PartitionBuffer buf : buffers.values()) {
            total += buf.estimatedBytes();
        }
        for (PartitionBuffer buf : buffers.values()) {
            if (!buf.isEmpty() && (total > bufferMaxBytes || full(buf) || now - buf.firstRowNanos() >= lingerNanos)) {
                write(buf);
            }
        }
    }

    private boolean full(PartitionBuffer buf) {
        return buf.rowCount() >= maxRows || buf.estimatedBytes() >= maxBytes;
    }

    /** Asks the worker to call put() again when the oldest waiting row's linger time is up. */
    private void scheduleLinger() {
        long oldest = Long.MAX_VALUE;
        for (PartitionBuffer buf : buffers.values()) {
            if (!buf.isEmpty()) {
                oldest = Math.min(oldest, buf.firstRowNanos());
            }
        }
        if (oldest != Long.MAX_VALUE) {
            long remaining = lingerNanos - (System.nanoTime() - oldest);
            context.timeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining) + 1));
        }
    }

    private RuntimeException retry(IOException e) {
        failures++;
        metrics.writeFailed();
        if (failures > maxRetries) {
            return new ConnectException("writing to " + writer.uri() + " failed " + failures + " times in a row ("
                    + LightstreamSinkConfig.MAX_RETRIES + "=" + maxRetries + "); last error: " + e.getMessage(), e);
        }
        long backoff = Math.min(MAX_BACKOFF_MS, backoffMs << Math.min(failures - 1, 20));
        context.timeout(backoff);
        LOG.warn("Writing to {} failed ({}); retry {} of {} in {} ms", writer.uri(), e.getMessage(), failures,
                maxRetries, backoff);
        return new RetriableException("writing to " + writer.uri() + " failed (retry " + failures + " of " + maxRetries
                + " in " + backoff + " ms): " + e.getMessage(), e);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            for (PartitionBuffer buf : buffers.values()) {
                write(buf);
            }
        } catch (IOException e) {
            metrics.writeFailed();
            LOG.warn("Writing to {} before an offset commit failed ({}); committing only what was written",
                    writer.uri(), e.getMessage());
        } finally {
            updateGauges();
        }
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            PartitionBuffer buf = buffers.get(tp);
            long committable = buf == null ? -1 : buf.committable();
            if (committable >= 0) {
                out.put(tp, new OffsetAndMetadata(committable));
            }
        }
        return out;
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // preCommit writes and decides what to commit; nothing else needs flushing.
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionBuffer buf = buffers.remove(tp);
            if (buf != null) {
                if (!buf.isEmpty()) {
                    LOG.info("Dropping {} unwritten rows of {}; its next owner reads them again from the committed"
                            + " offset", buf.rowCount(), tp);
                }
                buf.close();
            }
        }
        updateGauges();
    }

    @Override
    public void stop() {
        release();
    }

    private void release() {
        buffers.values().forEach(PartitionBuffer::close);
        buffers.clear();
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Ending the stream to {} failed: {}", writer.uri(), e.getMessage());
            }
            writer = null;
        }
        if (metrics != null) {
            metrics.close();
        }
        if (pem != null) {
            pem.close();
        }
        if (allocator != null) {
            try {
                allocator.close();
            } catch (IllegalStateException e) {
                LOG.error("Arrow memory was still held when the task stopped: {}", e.getMessage());
            }
            allocator = null;
        }
    }

    private void updateGauges() {
        long rows = 0;
        long bytes = 0;
        long oldest = Long.MAX_VALUE;
        for (PartitionBuffer buf : buffers.values()) {
            rows += buf.rowCount();
            bytes += buf.estimatedBytes();
            if (!buf.isEmpty()) {
                oldest = Math.min(oldest, buf.firstRowNanos());
            }
        }
        bufferedRows = rows;
        bufferedBytes = bytes;
        oldestRowNanos = oldest;
    }

    private long oldestAgeMs() {
        long oldest = oldestRowNanos;
        return oldest == Long.MAX_VALUE ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest);
    }
}
