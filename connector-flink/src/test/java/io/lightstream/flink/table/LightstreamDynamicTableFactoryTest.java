package io.lightstream.flink.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Compression;
import io.lightstream.Protocol;
import io.lightstream.flink.arrow.UnsupportedTypeException;
import io.lightstream.flink.sink.LightstreamSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.types.DataType;
import org.junit.jupiter.api.Test;

/** Tests for {@link LightstreamDynamicTableFactory}: option handling and validation, abilities of the source. */
class LightstreamDynamicTableFactoryTest {
    private static final ResolvedSchema SCHEMA = ResolvedSchema.of(
            Column.physical("id", DataTypes.BIGINT().notNull()),
            Column.physical("name", DataTypes.STRING()),
            Column.physical("price", DataTypes.DECIMAL(18, 4)));

    private static Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "lightstream");
        options.put("uri", "tcp://feed-1:9000;tcp://feed-2:9000");
        return options;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> options = options();
        options.put(key, value);
        return options;
    }

    @Test
    void createsASourceWithTheConfiguredEndpointsAndSettings() {
        Map<String, String> options = options();
        options.put("protocol", "lightstream");
        options.put("registrations", "message:hb;table:trades");
        options.put("scan.bounded.mode", "unbounded");
        options.put("scan.parallelism", "3");
        options.put("scan.memory-limit", "64mb");
        LightstreamDynamicSource source = (LightstreamDynamicSource) FactoryMocks.createTableSource(SCHEMA, options);
        assertThat(source.asSummaryString()).isEqualTo("Lightstream(tcp://feed-1:9000;tcp://feed-2:9000)");
        assertThat(source.physicalRowType().getFieldNames()).containsExactly("id", "name", "price");
        assertThat(source.getChangelogMode().containsOnly(org.apache.flink.types.RowKind.INSERT)).isTrue();
        assertThat(source.listReadableMetadata()).containsOnlyKeys("endpoint", "batch-sequence", "arrival-time");
    }

    @Test
    void projectionAndMetadataNarrowTheProducedRow() {
        LightstreamDynamicSource source = (LightstreamDynamicSource) FactoryMocks.createTableSource(SCHEMA, options());
        DataType produced = DataTypes.ROW(DataTypes.FIELD("price", DataTypes.DECIMAL(18, 4)),
                DataTypes.FIELD("id", DataTypes.BIGINT().notNull()));
        source.applyProjection(new int[][] {{2}, {0}}, produced);
        source.applyReadableMetadata(List.of("endpoint"), DataTypes.ROW(
                DataTypes.FIELD("price", DataTypes.DECIMAL(18, 4)), DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                DataTypes.FIELD("endpoint", DataTypes.STRING().notNull())));
        assertThat(source.physicalRowType().getFieldNames()).containsExactly("price", "id");
        DynamicTableSource copy = source.copy();
        assertThat(((LightstreamDynamicSource) copy).metadataKeys()).containsExactly("endpoint");
        assertThat(((LightstreamDynamicSource) copy).physicalRowType()).isEqualTo(source.physicalRowType());
    }

    @Test
    void createsASinkWithTheConfiguredDeliveryAndBatching() {
        Map<String, String> options = with("uri", "/tmp/out-{subtask}.arrows");
        options.put("sink.delivery-guarantee", "none");
        options.put("sink.batch.max-rows", "10");
        options.put("sink.compression", "zstd");
        LightstreamDynamicSink sink = (LightstreamDynamicSink) FactoryMocks.createTableSink(SCHEMA, options);
        LightstreamSink<RowData> dataStreamSink = sink.createSink();
        assertThat(dataStreamSink.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.NONE);
        assertThat(dataStreamSink.uris()).containsExactly("/tmp/out-{subtask}.arrows");
        assertThat(dataStreamSink.rowType().getFieldNames()).containsExactly("id", "name", "price");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, with("scan.startup.mode", "latest")))
                .hasStackTraceContaining("Unsupported options")
                .hasStackTraceContaining("scan.startup.mode");
    }

    @Test
    void rejectsBadValuesNamingTheOption() {
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, with("uri", "tcp://no-port")))
                .hasStackTraceContaining("option 'uri'")
                .hasStackTraceContaining("needs a port");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, with("uri", "gopher://x:1")))
                .hasStackTraceContaining("unknown URI scheme 'gopher'");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, with("uri", "a.arrows;a.arrows")))
                .hasStackTraceContaining("lists an endpoint twice");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, with("protocol", "grpc")))
                .hasStackTraceContaining("option 'protocol'")
                .hasStackTraceContaining("'grpc'");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, with("file-format", "csv")))
                .hasStackTraceContaining("option 'file-format'");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, with("registrations", "trades")))
                .hasStackTraceContaining("option 'registrations'")
                .hasStackTraceContaining("'table:NAME' or 'message:NAME'");
        Map<String, String> wrongTable = with("registrations", "table:quotes");
        wrongTable.put("table", "trades");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, wrongTable))
                .hasStackTraceContaining("table 'trades' is not among the registrations");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, with("scan.bounded.mode", "sometimes")))
                .hasStackTraceContaining("scan.bounded.mode");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(SCHEMA, with("sink.compression", "snappy")))
                .hasStackTraceContaining("SNAPPY is not an Arrow IPC codec");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(SCHEMA, with("sink.delivery-guarantee", "exactly-once")))
                .hasStackTraceContaining("option 'sink.delivery-guarantee'");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(SCHEMA, with("uri", "out.tlv")))
                .hasStackTraceContaining("option 'table'");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(SCHEMA, with("sink.batch.max-rows", "0")))
                .hasStackTraceContaining("must be positive");
    }

    @Test
    void rejectsColumnsWithoutArrowFormNamingThem() {
        ResolvedSchema schema = ResolvedSchema.of(Column.physical("id", DataTypes.BIGINT()),
                Column.physical("seen", DataTypes.ARRAY(DataTypes.TIMESTAMP_WITH_TIME_ZONE(3))));
        assertThatThrownBy(() -> FactoryMocks.createTableSource(schema, options()))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(e).hasRootCauseInstanceOf(UnsupportedTypeException.class))
                .hasStackTraceContaining("column 'seen[]'")
                .hasStackTraceContaining("TIMESTAMP(3) WITH TIME ZONE");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(schema, options()))
                .hasStackTraceContaining("column 'seen[]'");
    }

    @Test
    void optionEnumsAcceptTheirDocumentedSpelling() {
        assertThat(LightstreamConnectorOptions.BoundedMode.END_OF_STREAM.toString()).isEqualTo("end-of-stream");
        assertThat(Compression.parse("lz4")).isEqualTo(Compression.LZ4_FRAME);
        assertThat(Protocol.valueOf("ARROW")).isEqualTo(Protocol.ARROW);
    }
}
