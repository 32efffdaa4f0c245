package io.lightstream.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Item;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.TransportException;
import io.lightstream.WriteOptions;
import io.lightstream.kafka.mapping.IpcBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link LightstreamSourceTask} over Arrow stream files written with {@link Lightstream#write}. */
class LightstreamSourceTaskTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("ts", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")), null)));

    @TempDir
    Path dir;
    private BufferAllocator allocator;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        allocator.close();
    }

    /** Writes {@code batches} batches of {@code rows} rows; ids run from 0 across batches. */
    private Path arrowStream(String name, int batches, int rows) throws Exception {
        Path file = dir.resolve(name);
        try (LightstreamWriter writer = Lightstream.write(file.toString(), SCHEMA, WriteOptions.DEFAULT);
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int b = 0; b < batches; b++) {
                root.allocateNew();
                for (int r = 0; r < rows; r++) {
                    long id = (long) b * rows + r;
                    ((BigIntVector) root.getVector("id")).setSafe(r, id);
                    ((VarCharVector) root.getVector("name")).setSafe(r, ("n" + id).getBytes(StandardCharsets.UTF_8));
                    ((TimeStampMilliTZVector) root.getVector("ts")).setSafe(r, 1_700_000_000_000L + id);
                }
                root.setRowCount(rows);
                writer.write(root);
            }
        }
        return file;
    }

    private LightstreamSourceTask start(Map<String, String> props, TestingSourceTaskContext context) {
        LightstreamSourceTask task = new LightstreamSourceTask();
        task.initialize(context);
        task.start(props);
        toClose.add(task::stop);
        toClose.add(context);
        return task;
    }

    private static Map<String, String> props(Path... files) {
        Map<String, String> p = new HashMap<>();
        List<String> uris = new ArrayList<>();
        for (Path f : files) {
            uris.add(f.toString());
        }
        p.put("endpoints", String.join(",", uris));
        p.put("topic", "t");
        p.put("poll.timeout.ms", "200");
        return p;
    }

    private static List<SourceRecord> drain(LightstreamSourceTask task, int expected) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        int idle = 0;
        while (all.size() < expected && idle < 25) {
            List<SourceRecord> got = task.poll();
            if (got == null) {
                idle++;
            } else {
                all.addAll(got);
            }
        }
        return all;
    }

    @Test
    void rowModeEmitsEveryRowWithOffsetsKeysTimestampsAndHeaders() throws Exception {
        Path file = arrowStream("in.arrows", 3, 4);
        Map<String, String> p = props(file);
        p.put("key.columns", "id");
        p.put("timestamp.column", "ts");
        p.put("max.poll.records", "5");
        TestingSourceTaskContext context = new TestingSourceTaskContext(p);
        LightstreamSourceTask task = start(p, context);

        List<SourceRecord> records = drain(task, 12);
        assertThat(records).hasSize(12);
        for (int i = 0; i < 12; i++) {
            SourceRecord r = records.get(i);
            Struct value = (Struct) r.value();
            assertThat(value.get("id")).isEqualTo((long) i);
            assertThat(value.get("name")).isEqualTo("n" + i);
            assertThat(r.key()).isEqualTo((long) i);
            assertThat(r.timestamp()).isEqualTo(1_700_000_000_000L + i);
            assertThat(r.topic()).isEqualTo("t");
            assertThat(r.sourcePartition()).isEqualTo(Map.of("endpoint", file.toString()));
            assertThat(r.sourceOffset()).isEqualTo(Map.of("batch", (long) (i / 4), "row", (long) (i % 4 + 1)));
            assertThat(r.headers().lastWithName("lightstream.batch.sequence").value()).isEqualTo((long) (i / 4));
            assertThat(r.headers().lastWithName("lightstream.endpoint").value()).isEqualTo(file.toString());
        }
        assertThat(records.get(0).valueSchema().name()).isEqualTo("io.lightstream.kafka.Row");
        assertThat(context.metric("rows-received-total")).isEqualTo(12L);
        assertThat(context.metric("batches-received-total")).isEqualTo(3L);

        assertThat(context.metric("batches-pending-ack")).isEqualTo(3L);
        for (SourceRecord r : records.subList(0, 6)) {
            task.commitRecord(r, null);
        }
        assertThat(context.metric("batches-acknowledged-total")).isEqualTo(1L);
        assertThat(context.metric("records-pending-ack")).isEqualTo(6L);
        records.subList(6, 12).forEach(r -> task.commitRecord(r, null));
        assertThat(context.metric("batches-acknowledged-total")).isEqualTo(3L);
        assertThat(context.metric("batches-pending-ack")).isEqualTo(0L);
        assertThat(task.poll()).isNull();
    }

    @Test
    void resumesAFileAfterTheCommittedOffset() throws Exception {
        Path file = arrowStream("in.arrows", 3, 4);
        Map<String, String> p = props(file);
        TestingSourceTaskContext context = new TestingSourceTaskContext(p);
        context.offsets.put(Map.of("endpoint", file.toString()), Map.of("batch", 1L, "row", 3L));
        LightstreamSourceTask task = start(p, context);
        List<SourceRecord> records = drain(task, 5);
        assertThat(records).extracting(r -> ((Struct) r.value()).get("id")).containsExactly(7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void batchModeEmitsArrowIpcRecordsSplitUnderTheSizeLimit() throws Exception {
        Path file = arrowStream("in.arrows", 2, 1000);
        Map<String, String> p = props(file);
        p.put("record.mode", "batch");
        p.put("batch.max.bytes", "8000");
        TestingSourceTaskContext context = new TestingSourceTaskContext(p);
        LightstreamSourceTask task = start(p, context);
        List<SourceRecord> records = new ArrayList<>();
        long rows = 0;
        int idle = 0;
        while (rows < 2000 && idle < 25) {
            List<SourceRecord> got = task.poll();
            if (got == null) {
                idle++;
                continue;
            }
            for (SourceRecord r : got) {
                records.add(r);
                rows += (Integer) r.headers().lastWithName("lightstream.rows").value();
            }
        }
        assertThat(rows).isEqualTo(2000);
        assertThat(records.size()).isGreaterThan(2);
        long expectedId = 0;
        for (SourceRecord r : records) {
            byte[] bytes = (byte[]) r.value();
            assertThat(bytes.length).isLessThanOrEqualTo(8000);
            // 64-byte aligned frames: the schema message (prefix + metadata) ends on a 64-byte boundary.
            int schemaLength = java.nio.ByteBuffer.wrap(bytes, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            assertThat((8 + schemaLength) % 64).isZero();
            assertThat(bytes.length % 64).as("frames are multiples of 64, then the 8-byte end marker").isEqualTo(8);
            assertThat(r.headers().lastWithName("content-type").value()).isEqualTo(IpcBytes.CONTENT_TYPE);
            try (IpcBytes.Decoded decoded = IpcBytes.decode(bytes, allocator)) {
                for (io.lightstream.Batch b : decoded.batches()) {
                    VectorSchemaRoot batch = b.root();
                    BigIntVector ids = (BigIntVector) batch.getVector("id");
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        assertThat(ids.get(i)).isEqualTo(expectedId++);
                    }
                }
            }
            long batch = (Long) r.sourceOffset().get("batch");
            long row = (Long) r.sourceOffset().get("row");
            assertThat(batch * 1000 + row).as("offset is the position after the record").isEqualTo(expectedId);
        }
    }

    @Test
    void malformedInputFailsTheTaskWithTheCause() throws Exception {
        Path file = dir.resolve("broken.arrows");
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x10, 0, 0, 0, 1, 2, 3});
        Map<String, String> p = props(file);
        LightstreamSourceTask task = start(p, new TestingSourceTaskContext(p));
        assertThatThrownBy(() -> drain(task, 1)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("endpoint " + file + " failed");
    }

    @Test
    void anEmptyFileIsMalformedNotSilentlyEmpty() throws Exception {
        Path file = dir.resolve("empty.arrows");
        Files.write(file, new byte[0]);
        Map<String, String> p = props(file);
        LightstreamSourceTask task = start(p, new TestingSourceTaskContext(p));
        assertThatThrownBy(() -> drain(task, 1)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("end-of-stream marker");
    }

    @Test
    void missingKeyColumnFailsWithTheAvailableColumns() throws Exception {
        Path file = arrowStream("in.arrows", 1, 2);
        Map<String, String> p = props(file);
        p.put("key.columns", "customer");
        LightstreamSourceTask task = start(p, new TestingSourceTaskContext(p));
        assertThatThrownBy(() -> drain(task, 1)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("key column 'customer' is not in the Arrow schema (columns: [id, name, ts])");
    }

    /** A network stream read from a file that breaks after {@code failAfter} batches (never, when negative). */
    private static LightstreamReader breaking(Path file, int failAfter) throws java.io.IOException {
        LightstreamReader file0 = Lightstream.read(file.toString(), ReadOptions.DEFAULT);
        return new LightstreamReader() {
            private int batches;

            @Override
            public Schema schema() throws java.io.IOException {
                return file0.schema();
            }

            @Override
            public Item read() throws java.io.IOException {
                if (batches == failAfter) {
                    throw new TransportException("tcp", "peer:9000", "connection reset by peer");
                }
                batches++;
                return file0.read();
            }

            @Override
            public long bytesRead() {
                return file0.bytesRead();
            }

            @Override
            public void close() throws java.io.IOException {
                file0.close();
            }
        };
    }

    @Test
    void aBrokenNetworkStreamIsReadAgainAndItsBatchesAreTrackedApartFromTheNewStreams() throws Exception {
        Path first = arrowStream("first.arrows", 3, 4);  // ids 0..11, the connection breaks after 2 batches
        Path second = arrowStream("second.arrows", 2, 4); // ids 0..7 again: a fresh stream, sequences from 0
        java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
        Map<String, String> p = new HashMap<>();
        p.put("endpoints", "tcp://peer:9000");
        p.put("topic", "t");
        p.put("poll.timeout.ms", "200");
        p.put("transport.retry.backoff.ms", "10");
        TestingSourceTaskContext context = new TestingSourceTaskContext(p);
        LightstreamSourceTask task = new LightstreamSourceTask((uri, options) -> switch (opens.getAndIncrement()) {
            case 0 -> breaking(first, 2);
            case 1 -> throw new TransportException("tcp", "peer:9000", "connection refused");
            case 2 -> breaking(second, -1);
            default -> throw new TransportException("tcp", "peer:9000", "connection refused");
        });
        task.initialize(context);
        task.start(p);
        toClose.add(task::stop);
        toClose.add(context);

        List<SourceRecord> records = drain(task, 16);
        assertThat(records).extracting(r -> ((Struct) r.value()).get("id"))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(records).extracting(r -> (Object) r.sourceOffset().get("batch"))
                .containsExactly(0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L, 0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L);
        assertThat((Long) context.metric("reconnects-total")).isGreaterThanOrEqualTo(2L);

        // Batch 0 of the new stream is complete while batch 0 of the broken one is not.
        records.subList(8, 12).forEach(r -> task.commitRecord(r, null));
        assertThat(context.metric("batches-acknowledged-total")).isEqualTo(1L);
        assertThat(context.metric("batches-pending-ack")).isEqualTo(3L);
        records.subList(0, 8).forEach(r -> task.commitRecord(r, null));
        records.subList(12, 16).forEach(r -> task.commitRecord(r, null));
        assertThat(context.metric("batches-acknowledged-total")).isEqualTo(4L);
        assertThat(context.metric("records-pending-ack")).isEqualTo(0L);
        records.forEach(r -> task.commitRecord(r, null));
        assertThat(context.metric("records-pending-ack")).as("never counted below zero").isEqualTo(0L);
    }

    @Test
    void stopDuringAWaitingPollEndsItQuietly() throws Exception {
        // Nothing listens on port 1: the endpoint keeps retrying and poll() has nothing to return.
        Map<String, String> p = new HashMap<>();
        p.put("endpoints", "tcp://127.0.0.1:1");
        p.put("topic", "t");
        p.put("poll.timeout.ms", "4000");
        LightstreamSourceTask task = start(p, new TestingSourceTaskContext(p));
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.stop();
        });
        stopper.start();
        assertThat(task.poll()).isNull();
        stopper.join();
        assertThat(task.poll()).as("a stopped task returns nothing and does not fail").isNull();
    }
}
