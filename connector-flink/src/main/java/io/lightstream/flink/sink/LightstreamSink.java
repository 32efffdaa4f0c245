package io.lightstream.flink.sink;

import io.lightstream.flink.ConnectionSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.types.logical.RowType;

/**
 * A Flink sink writing a job's records as Arrow tables to Lightstream endpoints: files, pipes and
 * every network transport, through {@link io.lightstream.Lightstream#write}.
 *
 * <pre>{@code
 * LightstreamSink<RowData> sink = LightstreamSink.<RowData>builder()
 *         .setUris("tcp://collector:9000")
 *         .setSerializer(LightstreamRecordSerializer.rowData(rowType))
 *         .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
 *         .setBatchMaxRows(65_536)
 *         .build();
 * stream.sinkTo(sink);
 * }</pre>
 *
 * <p>Subtask {@code i} writes one stream to URI {@code i mod n} of the list, after replacing
 * {@code {subtask}}, {@code {attempt}} and {@code {job}} (the job ID) in it, so file sinks can give
 * every subtask, restart and job a file of its own. A batch is sent when it holds the configured rows or bytes, or has
 * waited the configured delay. With {@link DeliveryGuarantee#AT_LEAST_ONCE} every checkpoint sends
 * the open batch and waits until the endpoint has taken all bytes; with {@link
 * DeliveryGuarantee#NONE} batches go out only by their limits and at the end of input. Network
 * failures are retried on a new connection a bounded number of times, then fail the job naming the
 * endpoint and cause.
 *
 * <p>The sink object is an immutable, serializable description; each subtask's writer runs on the
 * task thread and owns one open batch and one endpoint stream, closed with the writer.
 *
 * @param <IN> the input type
 */
public final class LightstreamSink<IN> implements Sink<IN> {
    private static final long serialVersionUID = 1L;

    private final List<String> uris;
    private final ConnectionSettings settings;
    private final LightstreamRecordSerializer<IN> serializer;
    private final DeliveryGuarantee deliveryGuarantee;
    private final int batchMaxRows;
    private final long batchMaxBytes;
    private final Duration batchMaxDelay;
    private final int maxRetries;
    private final Duration retryBackoff;

    LightstreamSink(List<String> uris, ConnectionSettings settings, LightstreamRecordSerializer<IN> serializer,
            DeliveryGuarantee deliveryGuarantee, int batchMaxRows, long batchMaxBytes, Duration batchMaxDelay,
            int maxRetries, Duration retryBackoff) {
        this.uris = List.copyOf(uris);
        this.settings = settings;
        this.serializer = serializer;
        this.deliveryGuarantee = deliveryGuarantee;
        this.batchMaxRows = batchMaxRows;
        this.batchMaxBytes = batchMaxBytes;
        this.batchMaxDelay = batchMaxDelay;
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
    }

    public static <IN> LightstreamSinkBuilder<IN> builder() {
        return new LightstreamSinkBuilder<>();
    }

    /**
     * The URI subtask {@code subtask} writes to in execution attempt {@code attempt} of job {@code
     * jobId}: entry {@code subtask mod n} of {@code uris} with {@code {subtask}}, {@code {attempt}} and
     * {@code {job}} replaced.
     */
    public static String uriFor(List<String> uris, int subtask, int attempt, String jobId) {
        return uris.get(subtask % uris.size())
                .replace("{subtask}", Integer.toString(subtask))
                .replace("{attempt}", Integer.toString(attempt))
                .replace("{job}", jobId);
    }

    public List<String> uris() {
        return uris;
    }

    public RowType rowType() {
        return serializer.rowType();
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        String uri = uriFor(uris, context.getTaskInfo().getIndexOfThisSubtask(), context.getTaskInfo().getAttemptNumber(),
                context.getJobInfo().getJobId().toHexString());
        serializer.open(context.getUserCodeClassLoader().asClassLoader());
        return new LightstreamSinkWriter<>(uri, settings, serializer, deliveryGuarantee, batchMaxRows, batchMaxBytes,
                batchMaxDelay, maxRetries, retryBackoff, context.getProcessingTimeService(), context.metricGroup());
    }
}
