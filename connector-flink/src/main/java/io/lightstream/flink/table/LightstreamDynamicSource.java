package io.lightstream.flink.table;

import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.source.LightstreamSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The scan side of a Lightstream table. Projection push-down narrows the columns decoded (stream
 * columns not selected are never touched); metadata columns are appended after the physical ones;
 * a pushed-down watermark strategy runs inside the source, per endpoint.
 */
final class LightstreamDynamicSource
        implements ScanTableSource, SupportsProjectionPushDown, SupportsReadingMetadata, SupportsWatermarkPushDown {
    private final List<String> uris;
    private final ConnectionSettings settings;
    private final boolean bounded;
    private final Integer parallelism;
    private final String tableName;
    private RowType physical;
    private DataType producedDataType;
    private List<String> metadataKeys = List.of();
    private WatermarkStrategy<RowData> watermarkStrategy;

    LightstreamDynamicSource(List<String> uris, ConnectionSettings settings, boolean bounded, Integer parallelism,
            RowType physical, DataType producedDataType, String tableName) {
        this.uris = uris;
        this.settings = settings;
        this.bounded = bounded;
        this.parallelism = parallelism;
        this.physical = physical;
        this.producedDataType = producedDataType;
        this.tableName = tableName;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        List<ReadableMetadata> metadata = new ArrayList<>();
        metadataKeys.forEach(k -> metadata.add(ReadableMetadata.ofKey(k)));
        TypeInformation<RowData> producedType = context.createTypeInformation(producedDataType);
        LightstreamSource<RowData> source = LightstreamSource.<RowData>builder()
                .setUris(uris)
                .setConnectionSettings(settings)
                .setDeserializer(new TableRowDeserializer(physical, metadata, producedType))
                .setBounded(bounded)
                .build();
        WatermarkStrategy<RowData> strategy = watermarkStrategy == null ? WatermarkStrategy.noWatermarks()
                : watermarkStrategy;
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(ProviderContext providerContext,
                    StreamExecutionEnvironment env) {
                DataStreamSource<RowData> stream = env.fromSource(source, strategy, "Lightstream-" + tableName);
                providerContext.generateUid("lightstream-source").ifPresent(stream::uid);
                if (parallelism != null) {
                    stream.setParallelism(parallelism);
                }
                return stream;
            }

            @Override
            public boolean isBounded() {
                return bounded;
            }
        };
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        List<RowType.RowField> fields = new ArrayList<>(projectedFields.length);
        for (int[] path : projectedFields) {
            fields.add(physical.getFields().get(path[0]));
        }
        this.physical = new RowType(physical.isNullable(), fields);
        this.producedDataType = producedDataType;
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> metadata = new LinkedHashMap<>();
        for (ReadableMetadata m : ReadableMetadata.values()) {
            metadata.put(m.key, m.dataType);
        }
        return metadata;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        this.metadataKeys = List.copyOf(metadataKeys);
        this.producedDataType = producedDataType;
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarkStrategy = Objects.requireNonNull(watermarkStrategy, "watermarkStrategy");
    }

    /** The physical columns read (after projection). */
    RowType physicalRowType() {
        return physical;
    }

    List<String> metadataKeys() {
        return metadataKeys;
    }

    @Override
    public DynamicTableSource copy() {
        LightstreamDynamicSource copy = new LightstreamDynamicSource(uris, settings, bounded, parallelism, physical,
                producedDataType, tableName);
        copy.metadataKeys = metadataKeys;
        copy.watermarkStrategy = watermarkStrategy;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Lightstream(" + String.join(";", uris) + ")";
    }
}
