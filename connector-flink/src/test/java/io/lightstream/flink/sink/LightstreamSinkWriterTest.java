package io.lightstream.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.ReadOptions;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.RowConversion;
import io.lightstream.flink.testutils.ArrowTestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.MetricsGroupTestUtils;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link LightstreamSinkWriter} and {@link LightstreamSinkBuilder}, writing real files. */
class LightstreamSinkWriterTest {
    private static final RowType ROW_TYPE = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
            DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("at", DataTypes.TIMESTAMP_LTZ(6)))
            .getLogicalType();

    @TempDir
    Path dir;

    private final MetricListener metrics = new MetricListener();
    private final TestProcessingTimeService time = new TestProcessingTimeService();

    private <IN> LightstreamSinkWriter<IN> writer(Path file, LightstreamRecordSerializer<IN> serializer,
            DeliveryGuarantee guarantee, int maxRows, long maxBytes, Duration maxDelay, ConnectionSettings settings)
            throws IOException {
        serializer.open(getClass().getClassLoader());
        return new LightstreamSinkWriter<>(file.toString(), settings, serializer, guarantee, maxRows, maxBytes, maxDelay,
                0, Duration.ZERO, time, MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()));
    }

    private <IN> LightstreamSinkWriter<IN> writer(Path file, LightstreamRecordSerializer<IN> serializer,
            DeliveryGuarantee guarantee, int maxRows) throws IOException {
        return writer(file, serializer, guarantee, maxRows, Long.MAX_VALUE, Duration.ZERO,
                ConnectionSettings.builder().build());
    }

    private static RowData row(long id) {
        return GenericRowData.of(id, StringData.fromString("n" + id), null);
    }

    private long counter(String name) {
        return metrics.getCounter(name).orElseThrow().getCount();
    }

    /** Row counts of the batches of a file. */
    private static List<Integer> batchSizes(Path file) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                LightstreamReader in = Lightstream.read(file.toString(), ReadOptions.builder().allocator(allocator).build())) {
            for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                try (Batch batch = b) {
                    sizes.add(batch.rowCount());
                }
            }
        }
        return sizes;
    }

    private static List<Long> ids(List<RowData> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getLong(0)));
        return ids;
    }

    @Test
    void sendsABatchEveryMaxRowsAndTheRestAtTheEnd() throws Exception {
        Path file = dir.resolve("rows.arrows");
        try (LightstreamSinkWriter<RowData> writer = writer(file, LightstreamRecordSerializer.rowData(ROW_TYPE),
                DeliveryGuarantee.AT_LEAST_ONCE, 4)) {
            for (long i = 0; i < 10; i++) {
                writer.write(row(i), null);
            }
            assertThat(counter("numRecordsSend")).isEqualTo(8);
            writer.flush(true);
            assertThat(counter("numRecordsSend")).isEqualTo(10);
        }
        assertThat(batchSizes(file)).containsExactly(4, 4, 2);
        assertThat(ids(ArrowTestFiles.read(List.of(file), ROW_TYPE))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L,
                8L, 9L);
        assertThat(counter("numBytesSend")).isPositive().isLessThanOrEqualTo(Files.size(file));
        assertThat(counter("numRecordsSendErrors")).isZero();
        assertThat(metrics.getGauge("currentSendTime")).isPresent();
    }

    @Test
    void sendsWhenTheBatchReachesMaxBytes() throws Exception {
        Path file = dir.resolve("bytes.arrows");
        try (LightstreamSinkWriter<RowData> writer = writer(file, LightstreamRecordSerializer.rowData(ROW_TYPE),
                DeliveryGuarantee.AT_LEAST_ONCE, Integer.MAX_VALUE, 100, Duration.ZERO, ConnectionSettings.builder().build())) {
            for (long i = 0; i < 20; i++) {
                writer.write(row(i), null);
            }
            writer.flush(true);
        }
        List<Integer> sizes = batchSizes(file);
        assertThat(sizes.size()).isGreaterThan(2);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
    }

    @Test
    void sendsWhenTheFirstRowHasWaitedMaxDelay() throws Exception {
        Path file = dir.resolve("time.arrows");
        try (LightstreamSinkWriter<RowData> writer = writer(file, LightstreamRecordSerializer.rowData(ROW_TYPE),
                DeliveryGuarantee.NONE, 1000, Long.MAX_VALUE, Duration.ofSeconds(5), ConnectionSettings.builder().build())) {
            time.setCurrentTime(1_000);
            writer.write(row(1), null);
            time.setCurrentTime(3_000);
            writer.write(row(2), null);
            assertThat(counter("numRecordsSend")).isZero();
            time.setCurrentTime(6_000);
            assertThat(counter("numRecordsSend")).isEqualTo(2);
            writer.write(row(3), null);
            time.setCurrentTime(10_999);
            assertThat(counter("numRecordsSend")).isEqualTo(2);
            time.setCurrentTime(11_000);
            assertThat(counter("numRecordsSend")).isEqualTo(3);
            writer.flush(true);
        }
        assertThat(batchSizes(file)).containsExactly(2, 1);
    }

    @Test
    void checkpointFlushSendsThePartialBatchOnlyForAtLeastOnce() throws Exception {
        Path atLeastOnce = dir.resolve("alo.arrows");
        try (LightstreamSinkWriter<RowData> writer = writer(atLeastOnce, LightstreamRecordSerializer.rowData(ROW_TYPE),
                DeliveryGuarantee.AT_LEAST_ONCE, 100)) {
            writer.write(row(1), null);
            writer.flush(false);
            assertThat(counter("numRecordsSend")).isEqualTo(1);
            // The flushed bytes are in the file before the writer ends the stream.
            assertThat(Files.size(atLeastOnce)).isEqualTo(counter("numBytesSend"));
            writer.flush(true);
        }
        MetricListener none = new MetricListener();
        Path noGuarantee = dir.resolve("none.arrows");
        LightstreamRecordSerializer<RowData> serializer = LightstreamRecordSerializer.rowData(ROW_TYPE);
        try (LightstreamSinkWriter<RowData> writer = new LightstreamSinkWriter<>(noGuarantee.toString(),
                ConnectionSettings.builder().build(), serializer, DeliveryGuarantee.NONE, 100, Long.MAX_VALUE,
                Duration.ZERO, 0, Duration.ZERO, time, MetricsGroupTestUtils.mockWriterMetricGroup(none.getMetricGroup()))) {
            writer.write(row(1), null);
            writer.flush(false);
            assertThat(none.getCounter("numRecordsSend").orElseThrow().getCount()).isZero();
            writer.flush(true);
            assertThat(none.getCounter("numRecordsSend").orElseThrow().getCount()).isEqualTo(1);
        }
    }

    @Test
    void writesRowsAndPojosAndLightstreamProtocolTables() throws Exception {
        Path rows = dir.resolve("rows.tlv");
        ConnectionSettings settings = ConnectionSettings.builder().table("people").build();
        try (LightstreamSinkWriter<Row> writer = writer(rows, LightstreamRecordSerializer.row(ROW_TYPE),
                DeliveryGuarantee.AT_LEAST_ONCE, 2, Long.MAX_VALUE, Duration.ZERO, settings)) {
            writer.write(Row.of(1L, "ann", Instant.parse("1969-12-31T23:59:59.999999Z")), null);
            writer.write(Row.of(2L, null, null), null);
            writer.write(Row.of(3L, "cy", Instant.EPOCH), null);
            writer.flush(true);
        }
        RowConversion conversion = new RowConversion(ROW_TYPE);
        List<Row> back = new ArrayList<>();
        ArrowTestFiles.read(List.of(rows), ROW_TYPE).forEach(r -> back.add(conversion.toExternal(r)));
        assertThat(back).containsExactly(Row.of(1L, "ann", Instant.parse("1969-12-31T23:59:59.999999Z")),
                Row.of(2L, null, null), Row.of(3L, "cy", Instant.EPOCH));

        Path pojos = dir.resolve("pojos.arrow");
        try (LightstreamSinkWriter<Event> writer = writer(pojos, LightstreamRecordSerializer.pojo(Event.class, ROW_TYPE),
                DeliveryGuarantee.AT_LEAST_ONCE, 10)) {
            writer.write(new Event(7L, "seven", Instant.ofEpochSecond(7)), null);
            writer.flush(true);
        }
        List<RowData> read = ArrowTestFiles.read(List.of(pojos), ROW_TYPE);
        assertThat(conversion.toExternal(read.get(0))).isEqualTo(Row.of(7L, "seven", Instant.ofEpochSecond(7)));
    }

    @Test
    void anUnwritableDestinationFailsNamingIt() {
        Path file = dir.resolve("missing-dir").resolve("out.arrows");
        assertThatThrownBy(() -> writer(file, LightstreamRecordSerializer.rowData(ROW_TYPE),
                DeliveryGuarantee.AT_LEAST_ONCE, 10)).hasMessageContaining(file.toString());
    }

    @Test
    void placeholdersGiveEverySubtaskAndAttemptItsOwnDestination() {
        List<String> uris = List.of("/out/{job}/part-{subtask}-{attempt}.arrows");
        assertThat(LightstreamSink.uriFor(uris, 3, 2, "ab12")).isEqualTo("/out/ab12/part-3-2.arrows");
        assertThat(LightstreamSink.uriFor(List.of("tcp://a:1", "tcp://b:2"), 3, 0, "j")).isEqualTo("tcp://b:2");
    }

    @Test
    void builderRejectsBadConfiguration() {
        LightstreamRecordSerializer<RowData> serializer = LightstreamRecordSerializer.rowData(ROW_TYPE);
        assertThatThrownBy(() -> LightstreamSink.<RowData>builder().setSerializer(serializer).build())
                .hasMessageContaining("at least one endpoint URI");
        assertThatThrownBy(() -> LightstreamSink.<RowData>builder().setUris("bogus://x").setSerializer(serializer).build())
                .hasMessageContaining("unknown URI scheme 'bogus'");
        assertThatThrownBy(() -> LightstreamSink.<RowData>builder().setUris("a.arrows").setSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).build())
                .hasMessageContaining("exactly-once");
        assertThatThrownBy(() -> LightstreamSink.<RowData>builder().setUris("a.tlv").setSerializer(serializer).build())
                .hasMessageContaining("needs a table name");
        assertThatThrownBy(() -> LightstreamSink.<RowData>builder().setUris("a.arrows").setSerializer(serializer)
                .setBatchMaxRows(0).build())
                .hasMessageContaining("batch max rows");
        assertThatThrownBy(() -> LightstreamRecordSerializer.pojo(String.class, ROW_TYPE))
                .hasMessageContaining("has no field 'id'");
        assertThat(LightstreamSink.<RowData>builder().setUris("out-{subtask}.arrows").setSerializer(serializer).build()
                .deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    }

    /** A POJO for the POJO serializer. */
    public static class Event {
        public long id;
        public String name;
        public Instant at;

        public Event() {}

        Event(long id, String name, Instant at) {
            this.id = id;
            this.name = name;
            this.at = at;
        }
    }
}
