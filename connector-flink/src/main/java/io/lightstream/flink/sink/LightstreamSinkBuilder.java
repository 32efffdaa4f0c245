package io.lightstream.flink.sink;

import io.lightstream.Endpoint;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.ArrowTypeMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Builds a {@link LightstreamSink}. Required: at least one URI and a serializer. Defaults: {@link
 * DeliveryGuarantee#AT_LEAST_ONCE}, batches of at most 65,536 rows, 64 MiB and 1 second, 3 retries
 * 1 second apart.
 *
 * <p>Not thread-safe.
 */
public final class LightstreamSinkBuilder<IN> {
    /** Default rows per batch. */
    public static final int DEFAULT_BATCH_MAX_ROWS = 65_536;
    /** Default bytes per batch (Arrow buffer estimate). */
    public static final long DEFAULT_BATCH_MAX_BYTES = 64L << 20;
    /** Default longest time a row waits in an open batch. */
    public static final Duration DEFAULT_BATCH_MAX_DELAY = Duration.ofSeconds(1);

    private final List<String> uris = new ArrayList<>();
    private ConnectionSettings settings = ConnectionSettings.builder().build();
    private LightstreamRecordSerializer<IN> serializer;
    private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;
    private int batchMaxRows = DEFAULT_BATCH_MAX_ROWS;
    private long batchMaxBytes = DEFAULT_BATCH_MAX_BYTES;
    private Duration batchMaxDelay = DEFAULT_BATCH_MAX_DELAY;
    private int maxRetries = 3;
    private Duration retryBackoff = Duration.ofSeconds(1);

    LightstreamSinkBuilder() {}

    /**
     * Endpoints; subtask i writes to entry {@code i mod n}, with {@code {subtask}}, {@code {attempt}}
     * and {@code {job}} replaced.
     */
    public LightstreamSinkBuilder<IN> setUris(String... uris) {
        return setUris(Arrays.asList(uris));
    }

    public LightstreamSinkBuilder<IN> setUris(List<String> uris) {
        this.uris.clear();
        this.uris.addAll(uris);
        return this;
    }

    public LightstreamSinkBuilder<IN> setConnectionSettings(ConnectionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    public LightstreamSinkBuilder<IN> setSerializer(LightstreamRecordSerializer<IN> serializer) {
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        return this;
    }

    /** {@link DeliveryGuarantee#NONE} or {@link DeliveryGuarantee#AT_LEAST_ONCE}. */
    public LightstreamSinkBuilder<IN> setDeliveryGuarantee(DeliveryGuarantee guarantee) {
        this.deliveryGuarantee = Objects.requireNonNull(guarantee, "guarantee");
        return this;
    }

    public LightstreamSinkBuilder<IN> setBatchMaxRows(int rows) {
        this.batchMaxRows = rows;
        return this;
    }

    public LightstreamSinkBuilder<IN> setBatchMaxBytes(long bytes) {
        this.batchMaxBytes = bytes;
        return this;
    }

    /** Longest time a row waits in an open batch; {@link Duration#ZERO} disables the timer. */
    public LightstreamSinkBuilder<IN> setBatchMaxDelay(Duration delay) {
        this.batchMaxDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** New connections tried after a network failure before the job fails. */
    public LightstreamSinkBuilder<IN> setMaxRetries(int retries) {
        this.maxRetries = retries;
        return this;
    }

    public LightstreamSinkBuilder<IN> setRetryBackoff(Duration backoff) {
        this.retryBackoff = Objects.requireNonNull(backoff, "backoff");
        return this;
    }

    /**
     * Builds the sink after checking the configuration.
     *
     * @throws IllegalArgumentException naming the bad setting
     * @throws io.lightstream.flink.arrow.UnsupportedTypeException a column type has no Arrow form
     */
    public LightstreamSink<IN> build() {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("a Lightstream sink needs at least one endpoint URI");
        }
        for (String uri : uris) {
            Endpoint.parse(LightstreamSink.uriFor(List.of(uri), 0, 0, "job"));
        }
        if (serializer == null) {
            throw new IllegalArgumentException("a Lightstream sink needs a record serializer");
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            throw new IllegalArgumentException("delivery guarantee exactly-once needs a producer handshake the"
                    + " Lightstream sink does not have yet; use at-least-once or none");
        }
        if (batchMaxRows < 1) {
            throw new IllegalArgumentException("batch max rows must be >= 1, got " + batchMaxRows);
        }
        if (batchMaxBytes < 1) {
            throw new IllegalArgumentException("batch max bytes must be >= 1, got " + batchMaxBytes);
        }
        if (batchMaxDelay.isNegative()) {
            throw new IllegalArgumentException("batch max delay must not be negative, got " + batchMaxDelay);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must be >= 0, got " + maxRetries);
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must not be negative, got " + retryBackoff);
        }
        ArrowTypeMapping.toArrowSchema(serializer.rowType());
        for (String uri : uris) {
            if (settings.isLightstreamProtocol(uri) && settings.effectiveTable() == null) {
                throw new IllegalArgumentException("writing the Lightstream protocol to " + uri
                        + " needs a table name");
            }
        }
        return new LightstreamSink<>(uris, settings, serializer, deliveryGuarantee, batchMaxRows, batchMaxBytes,
                batchMaxDelay, maxRetries, retryBackoff);
    }
}
