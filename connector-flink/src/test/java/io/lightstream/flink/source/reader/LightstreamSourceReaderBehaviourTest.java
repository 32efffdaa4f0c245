package io.lightstream.flink.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Lightstream;
import io.lightstream.LightstreamWriter;
import io.lightstream.WriteOptions;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.RowConversion;
import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.source.split.LightstreamSplit;
import io.lightstream.flink.testutils.ArrowTestFiles;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source reader over real Lightstream files: exact resume from every checkpoint position, the
 * Lightstream protocol's table selection, dictionary columns, pausing, metrics, and clear failures
 * for bad input. Every reader is closed, which fails on leaked Arrow memory.
 */
class LightstreamSourceReaderBehaviourTest {
    private static final RowType ROW_TYPE = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
            DataTypes.FIELD("name", DataTypes.STRING())).getLogicalType();

    @TempDir
    Path dir;

    private static List<RowData> rows(long from, int count) {
        List<RowData> rows = new ArrayList<>();
        for (long i = from; i < from + count; i++) {
            rows.add(GenericRowData.of(i, i % 3 == 0 ? null : StringData.fromString("name-" + i)));
        }
        return rows;
    }

    private static <T> LightstreamSourceReader<T> reader(LightstreamDeserializer<T> deserializer, boolean bounded,
            ConnectionSettings settings, TestingReaderContext context) {
        return LightstreamSourceReader.create(settings, bounded, deserializer, context);
    }

    private static <T> LightstreamSourceReader<T> reader(LightstreamDeserializer<T> deserializer) {
        return reader(deserializer, true, ConnectionSettings.builder().build(), new TestingReaderContext());
    }

    /** Polls until end of input, failing the test if the reader stalls. */
    private static <T> List<T> drain(SourceReader<T, LightstreamSplit> reader) throws Exception {
        TestingReaderOutput<T> output = new TestingReaderOutput<>();
        InputStatus status;
        do {
            status = reader.pollNext(output);
            if (status == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(30, TimeUnit.SECONDS);
            }
        } while (status != InputStatus.END_OF_INPUT);
        return new ArrayList<>(output.getEmittedRecords());
    }

    /** Emits exactly {@code n} records. */
    private static <T> List<T> take(SourceReader<T, LightstreamSplit> reader, int n) throws Exception {
        TestingReaderOutput<T> output = new TestingReaderOutput<>();
        while (output.getEmittedRecords().size() < n) {
            InputStatus status = reader.pollNext(output);
            if (status == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(30, TimeUnit.SECONDS);
            }
            assertThat(status).isNotEqualTo(InputStatus.END_OF_INPUT);
        }
        return new ArrayList<>(output.getEmittedRecords());
    }

    private static List<Long> ids(List<Row> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEach(r -> ids.add((Long) r.getField(0)));
        return ids;
    }

    @Test
    void resumesExactlyAtEveryCheckpointedRow() throws Exception {
        Path file = dir.resolve("data.arrows");
        int total = 23;
        ArrowTestFiles.write(file, ROW_TYPE, rows(0, total), 5);
        LightstreamDeserializer<Row> rowDeserializer = LightstreamDeserializer.row(ROW_TYPE);
        for (int k = 0; k <= total; k++) {
            LightstreamSplit restored;
            List<Row> before;
            try (LightstreamSourceReader<Row> first = reader(rowDeserializer)) {
                first.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
                before = take(first, k);
                List<LightstreamSplit> snapshot = first.snapshotState(1L);
                assertThat(snapshot).hasSize(1);
                restored = snapshot.get(0);
            }
            // After the last row of a batch the position is the start of the next batch.
            assertThat(restored.batchSequence()).as("batch after %d rows", k).isEqualTo(k == total ? 5 : k / 5);
            assertThat(restored.rowOffset()).as("row after %d rows", k).isEqualTo(k == total ? 0 : k % 5);
            try (LightstreamSourceReader<Row> second = reader(rowDeserializer)) {
                second.addSplits(List.of(restored));
                second.notifyNoMoreSplits();
                List<Long> all = ids(before);
                all.addAll(ids(drain(second)));
                List<Long> expected = new ArrayList<>();
                for (long i = 0; i < total; i++) {
                    expected.add(i);
                }
                assertThat(all).as("rows read before and after a restore at row %d", k).isEqualTo(expected);
            }
        }
    }

    @Test
    void readsOneTableOfALightstreamProtocolFile() throws Exception {
        Path file = dir.resolve("two-tables.tlv");
        RowType other = (RowType) DataTypes.ROW(DataTypes.FIELD("x", DataTypes.DOUBLE())).getLogicalType();
        ConnectionSettings settings = ConnectionSettings.builder()
                .register(ConnectionSettings.Registration.message("heartbeat"))
                .register(ConnectionSettings.Registration.table("other"))
                .register(ConnectionSettings.Registration.table("trades"))
                .table("trades")
                .build();
        ConnectionSettings writeBoth = ConnectionSettings.builder()
                .register(ConnectionSettings.Registration.message("heartbeat"))
                .register(ConnectionSettings.Registration.table("other"))
                .register(ConnectionSettings.Registration.table("trades"))
                .build();
        try (BufferAllocator allocator = new RootAllocator();
                io.lightstream.flink.arrow.writers.RowDataArrowWriter trades =
                        io.lightstream.flink.arrow.writers.RowDataArrowWriter.create(ROW_TYPE, allocator);
                io.lightstream.flink.arrow.writers.RowDataArrowWriter others =
                        io.lightstream.flink.arrow.writers.RowDataArrowWriter.create(other, allocator)) {
            WriteOptions options = WriteOptions.builder()
                    .registerMessage("heartbeat")
                    .registerTable("other", others.root().getSchema())
                    .registerTable("trades", trades.root().getSchema())
                    .build();
            try (LightstreamWriter out = Lightstream.write(file.toString(), null, options)) {
                long id = 0;
                for (int batch = 0; batch < 4; batch++) {
                    for (RowData r : rows(id, 3)) {
                        trades.write(r);
                    }
                    id += 3;
                    trades.finish();
                    out.write("trades", trades.root(), null);
                    trades.reset();
                    others.write(GenericRowData.of((double) batch));
                    others.finish();
                    out.write("other", others.root(), null);
                    others.reset();
                    out.writeMessage("heartbeat", "tick".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(writeBoth.effectiveTable()).isNull();
        try (LightstreamSourceReader<Row> reader = reader(LightstreamDeserializer.row(ROW_TYPE), true, settings,
                new TestingReaderContext())) {
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            reader.notifyNoMoreSplits();
            assertThat(ids(drain(reader))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        }
    }

    @Test
    void decodesDictionaryColumnsOfAStream() throws Exception {
        Path file = dir.resolve("dict.arrows");
        try (BufferAllocator allocator = new RootAllocator();
                VarCharVector dictValues = new VarCharVector(
                        new Field("cities", FieldType.nullable(ArrowType.Utf8.INSTANCE), null), allocator);
                VarCharVector plain = new VarCharVector("name", allocator);
                BigIntVector ids = new BigIntVector(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)),
                        null), allocator)) {
            String[] names = {"Paris", "Oslo", "Lima"};
            for (int i = 0; i < names.length; i++) {
                dictValues.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
            }
            dictValues.setValueCount(names.length);
            Dictionary dictionary = new Dictionary(dictValues, new DictionaryEncoding(7L, false,
                    new ArrowType.Int(32, true)));
            DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
            provider.put(dictionary);
            for (int i = 0; i < 6; i++) {
                plain.setSafe(i, names[i % 3].getBytes(StandardCharsets.UTF_8));
                ids.setSafe(i, i);
            }
            plain.setValueCount(6);
            ids.setValueCount(6);
            try (FieldVector encoded = (FieldVector) DictionaryEncoder.encode(plain, dictionary)) {
                VectorSchemaRoot root = new VectorSchemaRoot(List.of(ids, encoded));
                root.setRowCount(6);
                try (LightstreamWriter out = Lightstream.write(file.toString(), root.getSchema(), WriteOptions.DEFAULT)) {
                    out.write(root, provider);
                }
            }
        }
        try (LightstreamSourceReader<Row> reader = reader(LightstreamDeserializer.row(ROW_TYPE))) {
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            reader.notifyNoMoreSplits();
            List<Row> rows = drain(reader);
            assertThat(rows).extracting(r -> r.getField(1))
                    .containsExactly("Paris", "Oslo", "Lima", "Paris", "Oslo", "Lima");
        }
    }

    @Test
    void pausedSplitsAreNotFetchedUntilResumed() throws Exception {
        Path a = dir.resolve("a.arrows");
        Path b = dir.resolve("b.arrows");
        ArrowTestFiles.write(a, ROW_TYPE, rows(0, 10), 5);
        ArrowTestFiles.write(b, ROW_TYPE, rows(100, 10), 5);
        LightstreamSplit splitA = LightstreamSplit.atStart(a.toString(), 0);
        LightstreamSplit splitB = LightstreamSplit.atStart(b.toString(), 1);
        MetricListener metrics = new MetricListener();
        SourceMetrics sourceMetrics = new SourceMetrics(InternalSourceReaderMetricGroup.mock(metrics.getMetricGroup()));
        try (BufferAllocator allocator = new RootAllocator()) {
            LightstreamSplitReader splitReader = new LightstreamSplitReader(ConnectionSettings.builder().build(), true,
                    ROW_TYPE, allocator, sourceMetrics);
            try {
                splitReader.pauseOrResumeSplits(List.of(splitA), List.of());
                splitReader.handleSplitsChanges(new SplitsAddition<>(List.of(splitA, splitB)));
                List<String> order = new ArrayList<>();
                // B's two batches, then B's end; A is never fetched while paused.
                for (int i = 0; i < 3; i++) {
                    RecordsWithSplitIds<RowCursor> records = splitReader.fetch();
                    String split = records.nextSplit();
                    order.add(split != null ? split : "finished:" + records.finishedSplits());
                    records.recycle();
                }
                assertThat(order).containsExactly(b.toString(), b.toString(), "finished:[" + b + "]");
                splitReader.pauseOrResumeSplits(List.of(), List.of(splitA));
                RecordsWithSplitIds<RowCursor> records = splitReader.fetch();
                assertThat(records.nextSplit()).isEqualTo(a.toString());
                RowCursor cursor = records.nextRecordFromSplit();
                assertThat(cursor.row().getLong(0)).isZero();
                assertThat(metrics.getGauge("pendingRecords")).hasValueSatisfying(
                        g -> assertThat(g.getValue()).isEqualTo(5L));
                records.recycle();
            } finally {
                splitReader.close();
            }
        }
    }

    @Test
    void reportsBytesBatchesAndConnectionPerEndpoint() throws Exception {
        Path file = dir.resolve("m.arrows");
        ArrowTestFiles.write(file, ROW_TYPE, rows(0, 12), 4);
        MetricListener listener = new MetricListener();
        InternalSourceReaderMetricGroup group = InternalSourceReaderMetricGroup.mock(listener.getMetricGroup());
        try (LightstreamSourceReader<Row> reader = reader(LightstreamDeserializer.row(ROW_TYPE), true,
                ConnectionSettings.builder().build(), new TestingReaderContext(new Configuration(), group))) {
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            reader.notifyNoMoreSplits();
            assertThat(drain(reader)).hasSize(12);
            // numBytesIn is incremented with the endpoint's bytesIn (the mock group does not keep the
            // IO counters; the MiniCluster test checks numBytesIn through a reporter).
            long fileBytes = Files.size(file);
            assertThat(listener.getCounter("endpoint", file.toString(), "batchesIn"))
                    .hasValueSatisfying(c -> assertThat(c.getCount()).isEqualTo(3));
            assertThat(listener.getCounter("endpoint", file.toString(), "bytesIn"))
                    .hasValueSatisfying(c -> assertThat(c.getCount()).isPositive().isLessThanOrEqualTo(fileBytes));
            assertThat(listener.getGauge("endpoint", file.toString(), "connected")).isPresent();
            assertThat(listener.getGauge("pendingRecords"))
                    .hasValueSatisfying(g -> assertThat(g.getValue()).isEqualTo(0L));
        }
    }

    @Test
    void missingDeclaredColumnFailsNamingColumnAndEndpoint() throws Exception {
        Path file = dir.resolve("narrow.arrows");
        RowType narrow = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT().notNull())).getLogicalType();
        List<RowData> rows = new ArrayList<>();
        rows.add(GenericRowData.of(1L));
        ArrowTestFiles.write(file, narrow, rows, 5);
        try (LightstreamSourceReader<Row> reader = reader(LightstreamDeserializer.row(ROW_TYPE))) {
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            reader.notifyNoMoreSplits();
            assertThatThrownBy(() -> drain(reader))
                    .rootCause()
                    .hasMessageContaining("column 'name'")
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("[id]");
        }
    }

    @Test
    void truncatedStreamFailsInsteadOfEndingEarly() throws Exception {
        Path file = dir.resolve("cut.arrows");
        ArrowTestFiles.write(file, ROW_TYPE, rows(0, 50), 10);
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size - 100);
        }
        try (LightstreamSourceReader<Row> reader = reader(LightstreamDeserializer.row(ROW_TYPE))) {
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            reader.notifyNoMoreSplits();
            assertThatThrownBy(() -> drain(reader))
                    .hasStackTraceContaining("reading Lightstream endpoint " + file)
                    .hasStackTraceContaining("FormatException");
        }
    }

    @Test
    void aBatchBeyondTheMemoryLimitFailsInsteadOfExhaustingMemory() throws Exception {
        Path file = dir.resolve("large-batches.arrows");
        ArrowTestFiles.write(file, ROW_TYPE, rows(0, 20_000), 10_000);
        ConnectionSettings tiny = ConnectionSettings.builder().memoryLimit(64 << 10).build();
        try (LightstreamSourceReader<Row> reader = reader(LightstreamDeserializer.row(ROW_TYPE), true, tiny,
                new TestingReaderContext())) {
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            reader.notifyNoMoreSplits();
            assertThatThrownBy(() -> drain(reader))
                    .hasStackTraceContaining("reading Lightstream endpoint " + file)
                    .hasStackTraceContaining("LimitExceededException");
        }
    }

    @Test
    void absentEndpointFailsNamingIt() throws Exception {
        Path file = dir.resolve("does-not-exist.arrows");
        try (LightstreamSourceReader<Row> reader = reader(LightstreamDeserializer.row(ROW_TYPE))) {
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            reader.notifyNoMoreSplits();
            assertThatThrownBy(() -> drain(reader)).hasStackTraceContaining(file.toString());
        }
    }

    @Test
    void closingMidStreamReleasesEveryBatch() throws Exception {
        Path file = dir.resolve("big.arrows");
        ArrowTestFiles.write(file, ROW_TYPE, rows(0, 5_000), 100);
        for (int k : new int[] {0, 1, 150, 4_999}) {
            LightstreamSourceReader<Row> reader = reader(LightstreamDeserializer.row(ROW_TYPE));
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            take(reader, k);
            reader.close(); // throws if any Arrow buffer is still allocated
        }
    }

    @Test
    void rowDataIsReadInPlaceAndPojosAreFilledByName() throws Exception {
        Path file = dir.resolve("pojo.arrows");
        ArrowTestFiles.write(file, ROW_TYPE, rows(0, 4), 3);
        try (LightstreamSourceReader<RowData> reader = reader(LightstreamDeserializer.rowData(ROW_TYPE))) {
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            reader.notifyNoMoreSplits();
            TestingReaderOutput<RowData> output = new TestingReaderOutput<>();
            RowConversion conversion = new RowConversion(ROW_TYPE);
            List<Row> seen = new ArrayList<>();
            InputStatus status;
            do {
                int before = output.getEmittedRecords().size();
                status = reader.pollNext(output);
                if (output.getEmittedRecords().size() > before) {
                    // Converted while the batch is live: the view is reused for the next row.
                    seen.add(conversion.toExternal(output.getEmittedRecords().get(before)));
                }
                if (status == InputStatus.NOTHING_AVAILABLE) {
                    reader.isAvailable().get(30, TimeUnit.SECONDS);
                }
            } while (status != InputStatus.END_OF_INPUT);
            assertThat(seen).containsExactly(Row.of(0L, null), Row.of(1L, "name-1"), Row.of(2L, "name-2"),
                    Row.of(3L, null));
        }
        try (LightstreamSourceReader<Person> reader = reader(LightstreamDeserializer.pojo(Person.class, ROW_TYPE))) {
            reader.addSplits(List.of(LightstreamSplit.atStart(file.toString(), 0)));
            reader.notifyNoMoreSplits();
            List<Person> people = drain(reader);
            assertThat(people).extracting(p -> p.id).containsExactly(0L, 1L, 2L, 3L);
            assertThat(people).extracting(p -> p.name).containsExactly(null, "name-1", "name-2", null);
        }
    }

    /** A POJO for the POJO deserializer. */
    public static class Person {
        public long id;
        public String name;

        public Person() {}
    }
}
