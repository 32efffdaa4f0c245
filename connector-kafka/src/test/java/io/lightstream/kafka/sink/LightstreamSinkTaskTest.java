package io.lightstream.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.TransportException;
import io.lightstream.WriteOptions;
import io.lightstream.kafka.mapping.IpcBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link LightstreamSinkTask} writing to file endpoints and to a transport that can be made to fail. */
class LightstreamSinkTaskTest {
    private static final Schema ROW = SchemaBuilder.struct().name("orders")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema WIDER = SchemaBuilder.struct().name("orders")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("qty", Schema.OPTIONAL_INT32_SCHEMA)
            .build();
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

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
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        allocator.close();
    }

    private Map<String, String> props(String endpoint) {
        Map<String, String> p = new HashMap<>();
        p.put("endpoints", endpoint);
        p.put("topics", "orders");
        p.put("batch.linger.ms", "3600000");
        return p;
    }

    private LightstreamSinkTask start(Map<String, String> props, TestingSinkTaskContext context,
            EndpointWriter.Opener opener) {
        LightstreamSinkTask task = new LightstreamSinkTask(opener);
        task.initialize(context);
        task.start(props);
        toClose.add(context);
        toClose.add(task::stop);
        return task;
    }

    private LightstreamSinkTask start(Map<String, String> props, TestingSinkTaskContext context) {
        return start(props, context, Lightstream::write);
    }

    private static SinkRecord record(TopicPartition tp, long offset, long id) {
        Struct s = new Struct(ROW).put("id", id).put("name", "n" + id);
        return new SinkRecord(tp.topic(), tp.partition(), null, null, ROW, s, offset);
    }

    /** Every id written to the files of {@code stem}, in file order then row order. */
    private List<Long> ids(String stem) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (Path f : files(stem)) {
            try (LightstreamReader reader = Lightstream.read(f.toString(), ReadOptions.builder().allocator(allocator).build())) {
                for (Batch b = reader.readBatch(); b != null; b = reader.readBatch()) {
                    try (Batch batch = b) {
                        BigIntVector v = (BigIntVector) batch.root().getVector("id");
                        for (int i = 0; i < batch.rowCount(); i++) {
                            ids.add(v.isNull(i) ? null : v.get(i));
                        }
                    }
                }
            }
        }
        return ids;
    }

    private List<Path> files(String stem) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(stem + "-")).sorted().toList();
        }
    }

    @Test
    void writesBatchesPerPartitionAndCommitsWhatWasWritten() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        p.put("batch.max.rows", "3");
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0, P1));
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(record(P0, 100 + i, i));
            records.add(record(P1, 200 + i, 10 + i));
        }
        task.put(records);
        assertThat(context.metric("batches-written-total")).as("each partition filled one batch of 3").isEqualTo(2L);
        assertThat(context.metric("rows-buffered")).isEqualTo(2L);

        Map<TopicPartition, OffsetAndMetadata> current = Map.of(P0, new OffsetAndMetadata(104), P1,
                new OffsetAndMetadata(204));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(current);
        assertThat(committed).isEqualTo(current);
        assertThat(context.metric("rows-written-total")).isEqualTo(8L);
        assertThat(context.metric("streams-opened-total")).isEqualTo(1L);
        task.stop();
        assertThat(ids("out")).containsExactly(0L, 1L, 2L, 10L, 11L, 12L, 3L, 13L);
    }

    @Test
    void theBatchMetadataNamesTheSourceRows() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        task.put(List.of(record(P0, 7, 1), record(P0, 8, 2)));
        task.preCommit(Map.of(P0, new OffsetAndMetadata(9)));
        task.stop();
        try (LightstreamReader reader = Lightstream.read(files("out").get(0).toString(),
                ReadOptions.builder().allocator(allocator).build()); Batch b = reader.readBatch()) {
            assertThat(b.metadata()).containsEntry("kafka.topic", "orders").containsEntry("kafka.partition", "0")
                    .containsEntry("kafka.offset.first", "7").containsEntry("kafka.offset.last", "8");
        }
    }

    @Test
    void aSchemaChangeStartsANewStream() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        Struct wide = new Struct(WIDER).put("id", 5L).put("qty", 3);
        task.put(List.of(record(P0, 0, 4), new SinkRecord("orders", 0, null, null, WIDER, wide, 1)));
        task.preCommit(Map.of(P0, new OffsetAndMetadata(2)));
        assertThat(context.metric("schema-changes-total")).isEqualTo(1L);
        assertThat(context.metric("streams-opened-total")).isEqualTo(2L);
        task.stop();
        assertThat(files("out")).hasSize(2);
        assertThat(ids("out")).containsExactly(4L, 5L);
    }

    @Test
    void schemaChangeFailReportsTheRecord() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        p.put("schema.change", "fail");
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        task.put(List.of(record(P0, 0, 4), new SinkRecord("orders", 0, null, null, WIDER,
                new Struct(WIDER).put("id", 5L), 1), record(P0, 2, 6)));
        assertThat(context.reported).singleElement().satisfies(r -> {
            assertThat(r.record().kafkaOffset()).isEqualTo(1);
            assertThat(r.error()).hasMessageContaining("schema.change=fail");
        });
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(3)))).containsEntry(P0, new OffsetAndMetadata(3));
        task.stop();
        assertThat(ids("out")).containsExactly(4L, 6L);
    }

    @Test
    void schemalessMapsUseTheDeclaredSchema() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        p.put("schemaless.arrow.schema", "id: int64 not null, ts: timestamp[us, tz=UTC], tags: list<string>");
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        Map<String, Object> row = new HashMap<>();
        row.put("id", 1);
        row.put("ts", "2024-01-31T13:45:30.123456Z");
        row.put("tags", List.of("a", "b"));
        task.put(List.of(new SinkRecord("orders", 0, null, null, null, row, 0),
                new SinkRecord("orders", 0, null, null, null, Map.of("id", "not a number"), 1),
                new SinkRecord("orders", 0, null, null, null, Map.of("id", 2L), 2)));
        assertThat(context.reported).singleElement().satisfies(r ->
                assertThat(r.error()).hasMessageContaining("column 'id' expects an integer"));
        task.preCommit(Map.of(P0, new OffsetAndMetadata(3)));
        task.stop();
        try (LightstreamReader reader = Lightstream.read(files("out").get(0).toString(),
                ReadOptions.builder().allocator(allocator).build()); Batch b = reader.readBatch()) {
            assertThat(b.schema().findField("ts").getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
            assertThat(b.rowCount()).isEqualTo(2);
            assertThat(b.root().getVector("ts").getObject(0)).isNotNull();
            assertThat(((org.apache.arrow.vector.TimeStampMicroTZVector) b.root().getVector("ts")).get(0))
                    .isEqualTo(1_706_708_730_123_456L);
            assertThat(b.root().getVector("tags").getObject(0).toString()).isEqualTo("[\"a\",\"b\"]");
            assertThat(b.root().getVector("ts").isNull(1)).isTrue();
        }
    }

    @Test
    void aSchemalessRecordWithoutDeclaredSchemaIsErrant() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        task.put(List.of(new SinkRecord("orders", 0, null, null, null, Map.of("id", 1), 0)));
        assertThat(context.reported).singleElement().satisfies(r ->
                assertThat(r.error()).hasMessageContaining("declare its Arrow schema in schemaless.arrow.schema"));
    }

    @Test
    void withoutAReporterABadRecordFailsTheTaskNamingIt() {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, false);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        assertThatThrownBy(() -> task.put(List.of(new SinkRecord("orders", 0, null, null, Schema.STRING_SCHEMA, "x", 42))))
                .isInstanceOf(ConnectException.class).isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("record orders-0@42 cannot be written")
                .hasMessageContaining("errors.deadletterqueue.topic.name");
    }

    @Test
    void tombstonesFollowBehaviorOnNullValues() throws Exception {
        for (String behavior : List.of("ignore", "write", "fail")) {
            Map<String, String> p = props(dir.resolve(behavior + ".arrows").toString());
            p.put("behavior.on.null.values", behavior);
            TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
            LightstreamSinkTask task = start(p, context);
            task.open(List.of(P0));
            task.put(List.of(record(P0, 0, 1), new SinkRecord("orders", 0, null, "k", ROW, null, 1), record(P0, 2, 3)));
            assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(3)))).as(behavior)
                    .containsEntry(P0, new OffsetAndMetadata(3));
            Object skipped = context.metric("records-skipped-total");
            task.stop();
            switch (behavior) {
                case "ignore" -> {
                    assertThat(ids(behavior)).containsExactly(1L, 3L);
                    assertThat(skipped).isEqualTo(1L);
                }
                case "write" -> assertThat(context.reported).as("id is not nullable").singleElement()
                        .satisfies(r -> assertThat(r.error()).hasMessageContaining("column 'id' is not nullable"));
                default -> assertThat(context.reported).singleElement()
                        .satisfies(r -> assertThat(r.error()).hasMessageContaining("behavior.on.null.values=fail"));
            }
        }
        Map<String, String> p = props(dir.resolve("nullable.arrows").toString());
        p.put("behavior.on.null.values", "write");
        p.put("schemaless.arrow.schema", "id: int64, name: string");
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        task.put(List.of(new SinkRecord("orders", 0, null, "k", null, Map.of("id", 9), 0),
                new SinkRecord("orders", 0, null, "k", null, null, 1)));
        task.preCommit(Map.of(P0, new OffsetAndMetadata(2)));
        task.stop();
        assertThat(ids("nullable")).containsExactly(9L, null);
    }

    @Test
    void arraysOfStructsFromTheIpcConverterAreRows() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        Schema batch = SchemaBuilder.array(ROW).build();
        List<Struct> rows = List.of(new Struct(ROW).put("id", 1L), new Struct(ROW).put("id", 2L));
        List<Struct> bad = List.of(new Struct(ROW).put("id", 3L), new Struct(WIDER).put("id", 4L).put("qty", 1));
        task.put(List.of(new SinkRecord("orders", 0, null, null, batch, rows, 0),
                new SinkRecord("orders", 0, null, null, SchemaBuilder.array(WIDER).build(), List.of(new Struct(WIDER)), 1)));
        assertThat(context.reported).as("the second record has a null id in a required column").hasSize(1);
        task.preCommit(Map.of(P0, new OffsetAndMetadata(2)));
        task.stop();
        assertThat(ids("out")).containsExactly(1L, 2L);
        assertThat(bad).hasSize(2);
    }

    @Test
    void batchModeWritesIpcRecordsThrough() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        p.put("record.mode", "batch");
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        byte[] ipc;
        org.apache.arrow.vector.types.pojo.Schema schema = new io.lightstream.kafka.mapping.ConnectSchemaMapper(
                io.lightstream.kafka.mapping.MappingOptions.DEFAULT).toArrow(ROW);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            for (int i = 0; i < 5; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, 100 + i);
            }
            root.setRowCount(5);
            ipc = IpcBytes.encode(root, null, allocator);
        }
        task.put(List.of(new SinkRecord("orders", 0, null, null, Schema.BYTES_SCHEMA, ipc, 0),
                new SinkRecord("orders", 0, null, null, Schema.BYTES_SCHEMA, new byte[] {1, 2, 3}, 1),
                new SinkRecord("orders", 0, null, null, Schema.BYTES_SCHEMA, ipc, 2)));
        assertThat(context.reported).singleElement().satisfies(r ->
                assertThat(r.error()).hasMessageContaining("not a valid Arrow IPC stream"));
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(3)))).containsEntry(P0, new OffsetAndMetadata(3));
        task.stop();
        assertThat(ids("out")).containsExactly(100L, 101L, 102L, 103L, 104L, 100L, 101L, 102L, 103L, 104L);
    }

    @Test
    void lingerZeroWritesAtOnceAndALongLingerAsksToBeCalledBack() throws Exception {
        Map<String, String> p = props(dir.resolve("now.arrows").toString());
        p.put("batch.linger.ms", "0");
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0));
        task.put(List.of(record(P0, 0, 1)));
        assertThat(context.metric("rows-written-total")).isEqualTo(1L);
        assertThat(context.timeouts).isEmpty();

        Map<String, String> q = props(dir.resolve("later.arrows").toString());
        TestingSinkTaskContext later = new TestingSinkTaskContext(q, true);
        LightstreamSinkTask lingering = start(q, later);
        lingering.open(List.of(P0));
        lingering.put(List.of(record(P0, 0, 1)));
        assertThat(later.metric("rows-written-total")).isEqualTo(0L);
        assertThat(later.timeouts).singleElement().satisfies(t -> assertThat(t).isBetween(1L, 3_600_001L));
        assertThat(lingering.preCommit(Map.of(P0, new OffsetAndMetadata(1)))).containsEntry(P0, new OffsetAndMetadata(1));
    }

    /** An opener whose transport can be taken down: opens and writes then fail as a broken connection would. */
    private static final class FlakyTransport implements EndpointWriter.Opener {
        volatile boolean down;
        int opens;

        @Override
        public LightstreamWriter open(String uri, org.apache.arrow.vector.types.pojo.Schema schema, WriteOptions options)
                throws IOException {
            if (down) {
                throw new TransportException("tcp", "127.0.0.1:9", "connection refused");
            }
            opens++;
            LightstreamWriter file = Lightstream.write(uri, schema, options);
            return new LightstreamWriter() {
                @Override
                public org.apache.arrow.vector.types.pojo.Schema schema() {
                    return file.schema();
                }

                @Override
                public void write(VectorSchemaRoot batch, DictionaryProvider dictionaries, Map<String, String> metadata)
                        throws IOException {
                    if (down) {
                        throw new TransportException("tcp", "127.0.0.1:9", "connection reset");
                    }
                    file.write(batch, dictionaries, metadata);
                }

                @Override
                public void write(String table, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
                    file.write(table, batch, dictionaries);
                }

                @Override
                public void writeMessage(String name, byte[] payload) throws IOException {
                    file.writeMessage(name, payload);
                }

                @Override
                public void flush() throws IOException {
                    file.flush();
                }

                @Override
                public long bytesWritten() {
                    return file.bytesWritten();
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
        }
    }

    @Test
    void transportFailuresAreRetriedWithoutDuplicatesThenFailTheTask() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        p.put("batch.max.rows", "2");
        p.put("max.retries", "2");
        p.put("retry.backoff.ms", "100");
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        FlakyTransport transport = new FlakyTransport();
        LightstreamSinkTask task = start(p, context, transport);
        task.open(List.of(P0));
        task.put(List.of(record(P0, 0, 0), record(P0, 1, 1)));

        transport.down = true;
        List<SinkRecord> batch = List.of(record(P0, 2, 2), record(P0, 3, 3), record(P0, 4, 4));
        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("retry 1 of 2 in 100 ms").hasMessageContaining("connection reset");
        assertThat(context.timeouts).last().isEqualTo(100L);
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(5)))).as("rows 2 and 3 are not written")
                .containsEntry(P0, new OffsetAndMetadata(2));
        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("retry 2 of 2 in 200 ms").hasMessageContaining("connection refused");

        transport.down = false;
        task.put(batch); // the worker redelivers the same records
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(5)))).containsEntry(P0, new OffsetAndMetadata(5));
        assertThat(context.metric("write-failures-total")).isEqualTo(3L);

        transport.down = true;
        List<SinkRecord> more = List.of(record(P0, 5, 5), record(P0, 6, 6));
        assertThatThrownBy(() -> task.put(more)).isInstanceOf(RetriableException.class);
        assertThatThrownBy(() -> task.put(more)).isInstanceOf(RetriableException.class);
        assertThatThrownBy(() -> task.put(more)).isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("failed 3 times in a row (max.retries=2)");
        task.stop();
        assertThat(ids("out")).as("each row once, across the streams of the reconnects")
                .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void closeDropsUnwrittenRowsOfRevokedPartitions() throws Exception {
        Map<String, String> p = props(dir.resolve("out.arrows").toString());
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        task.open(List.of(P0, P1));
        task.put(List.of(record(P0, 0, 1), record(P1, 0, 2)));
        task.close(List.of(P1));
        assertThat(task.preCommit(Map.of(P0, new OffsetAndMetadata(1)))).containsOnlyKeys(P0);
        task.stop();
        assertThat(ids("out")).containsExactly(1L);
    }

    @Test
    void theLightstreamProtocolWritesATablePerTopic() throws Exception {
        Map<String, String> p = props(dir.resolve("out.tlv").toString());
        p.put("protocol", "lightstream");
        p.put("topics", "orders,refunds,other");
        p.put("lightstream.registrations", "orders,refunds");
        TestingSinkTaskContext context = new TestingSinkTaskContext(p, true);
        LightstreamSinkTask task = start(p, context);
        TopicPartition refunds = new TopicPartition("refunds", 0);
        task.open(List.of(P0, refunds));
        task.put(List.of(new SinkRecord("refunds", 0, null, null, WIDER,
                new Struct(WIDER).put("id", 2L).put("qty", 7), 0), record(P0, 0, 1), record(P0, 1, 3),
                new SinkRecord("other", 0, null, null, ROW, new Struct(ROW).put("id", 4L), 0)));
        assertThat(context.reported).singleElement().satisfies(r ->
                assertThat(r.error()).hasMessageContaining("table 'other' is not among lightstream.registrations"));
        task.preCommit(Map.of(P0, new OffsetAndMetadata(1), refunds, new OffsetAndMetadata(1)));
        task.stop();
        Map<String, Integer> columns = new HashMap<>();
        try (LightstreamReader reader = Lightstream.read(files("out").get(0).toString(),
                ReadOptions.builder().allocator(allocator).registerTable("orders").registerTable("refunds").build())) {
            for (Batch b = reader.readBatch(); b != null; b = reader.readBatch()) {
                try (Batch batch = b) {
                    columns.put(batch.name(), batch.schema().getFields().size());
                }
            }
        }
        assertThat(columns).isEqualTo(Map.of("orders", 2, "refunds", 3));
        assertThat(files("out")).as("one stream carries every table").hasSize(1);
    }
}
