package io.lightstream.flink.table;

import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.sink.LightstreamRecordSerializer;
import io.lightstream.flink.sink.LightstreamSink;
import java.time.Duration;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/** The insert-only sink side of a Lightstream table: its rows go to a {@link LightstreamSink}. */
final class LightstreamDynamicSink implements DynamicTableSink {
    private final List<String> uris;
    private final ConnectionSettings settings;
    private final RowType physical;
    private final DeliveryGuarantee deliveryGuarantee;
    private final int batchMaxRows;
    private final long batchMaxBytes;
    private final Duration batchMaxDelay;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final Integer parallelism;

    LightstreamDynamicSink(List<String> uris, ConnectionSettings settings, RowType physical,
            DeliveryGuarantee deliveryGuarantee, int batchMaxRows, long batchMaxBytes, Duration batchMaxDelay,
            int maxRetries, Duration retryBackoff, Integer parallelism) {
        this.uris = uris;
        this.settings = settings;
        this.physical = physical;
        this.deliveryGuarantee = deliveryGuarantee;
        this.batchMaxRows = batchMaxRows;
        this.batchMaxBytes = batchMaxBytes;
        this.batchMaxDelay = batchMaxDelay;
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.insertOnly();
    }

    /** The DataStream sink this table writes through. */
    LightstreamSink<RowData> createSink() {
        return LightstreamSink.<RowData>builder()
                .setUris(uris)
                .setConnectionSettings(settings)
                .setSerializer(LightstreamRecordSerializer.rowData(physical))
                .setDeliveryGuarantee(deliveryGuarantee)
                .setBatchMaxRows(batchMaxRows)
                .setBatchMaxBytes(batchMaxBytes)
                .setBatchMaxDelay(batchMaxDelay)
                .setMaxRetries(maxRetries)
                .setRetryBackoff(retryBackoff)
                .build();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(createSink(), parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new LightstreamDynamicSink(uris, settings, physical, deliveryGuarantee, batchMaxRows, batchMaxBytes,
                batchMaxDelay, maxRetries, retryBackoff, parallelism);
    }

    @Override
    public String asSummaryString() {
        return "Lightstream(" + String.join(";", uris) + ")";
    }
}
