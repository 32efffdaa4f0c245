package io.lightstream.flink.table;

import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.sink.LightstreamSinkBuilder;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.factories.FactoryUtil;

/** The options of {@code 'connector' = 'lightstream'}. */
public final class LightstreamConnectorOptions {
    private LightstreamConnectorOptions() {}

    /** How a scan ends. */
    public enum BoundedMode {
        /** Every stream is read to its end, then the scan finishes (batch and streaming jobs). */
        END_OF_STREAM,
        /** The scan never finishes; network endpoints are connected again when their stream ends. */
        UNBOUNDED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Endpoints and protocol
    // ---------------------------------------------------------------------------------------------

    public static final ConfigOption<List<String>> URI = ConfigOptions.key("uri")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("Endpoint URIs, separated by ';': file paths (.arrow, .arrows, .tlv), stdio:, tcp://,"
                    + " uds://, ws(s)://, http(s)://, quic://. A scan reads each as one split; a sink subtask i writes"
                    + " to entry i mod n, with {subtask}, {attempt} and {job} replaced.");

    public static final ConfigOption<String> PROTOCOL = ConfigOptions.key("protocol")
            .stringType()
            .noDefaultValue()
            .withDescription("'arrow' (Arrow IPC stream) or 'lightstream' (Lightstream protocol frames). Default:"
                    + " by file extension, else arrow.");

    public static final ConfigOption<String> FILE_FORMAT = ConfigOptions.key("file-format")
            .stringType()
            .noDefaultValue()
            .withDescription("For file URIs: 'arrow' (IPC file), 'arrows' (IPC stream) or 'lightstream'. Default:"
                    + " by extension.");

    public static final ConfigOption<String> TABLE = ConfigOptions.key("table")
            .stringType()
            .noDefaultValue()
            .withDescription("Lightstream protocol: the table read or written. Default: the only registered table.");

    public static final ConfigOption<List<String>> REGISTRATIONS = ConfigOptions.key("registrations")
            .stringType()
            .asList()
            .defaultValues()
            .withDescription("Lightstream protocol: the peer's registrations in tag order, separated by ';', each"
                    + " 'table:NAME' or 'message:NAME'.");

    public static final ConfigOption<Boolean> ACCEPT = ConfigOptions.key("accept")
            .booleanType()
            .defaultValue(false)
            .withDescription("Bind and wait for the peer instead of connecting to it.");

    public static final ConfigOption<Integer> PARALLEL = ConfigOptions.key("parallel")
            .intType()
            .defaultValue(1)
            .withDescription("Parallel connections forming one ordered stream.");

    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOptions.key("connect.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Timeout of one connection attempt.");

    public static final ConfigOption<Integer> CONNECT_RETRIES = ConfigOptions.key("connect.retries")
            .intType()
            .defaultValue(3)
            .withDescription("Connection attempts after the first, with growing backoff.");

    public static final ConfigOption<Duration> RETRY_BACKOFF = ConfigOptions.key("retry.backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Wait before reconnecting (connection attempts, unbounded scans, sink retries).");

    public static final ConfigOption<Duration> READ_TIMEOUT = ConfigOptions.key("read.timeout")
            .durationType()
            .defaultValue(Duration.ZERO)
            .withDescription("Fail a read when nothing arrives for this long; 0 waits forever.");

    public static final ConfigOption<Duration> ACCEPT_TIMEOUT = ConfigOptions.key("accept.timeout")
            .durationType()
            .defaultValue(Duration.ZERO)
            .withDescription("How long an accepting side waits for its peer; 0 waits forever.");

    public static final ConfigOption<Boolean> TLS_ENABLED = ConfigOptions.key("tls.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Run tcp:// endpoints inside TLS (wss, https and quic always use TLS).");

    public static final ConfigOption<String> TLS_CERT = ConfigOptions.key("tls.cert")
            .stringType()
            .noDefaultValue()
            .withDescription("PEM certificate chain of this side.");

    public static final ConfigOption<String> TLS_KEY = ConfigOptions.key("tls.key")
            .stringType()
            .noDefaultValue()
            .withDescription("PEM private key of tls.cert.");

    public static final ConfigOption<String> TLS_CA = ConfigOptions.key("tls.ca")
            .stringType()
            .noDefaultValue()
            .withDescription("PEM CA certificates that verify the peer.");

    public static final ConfigOption<Boolean> TLS_CLIENT_AUTH = ConfigOptions.key("tls.client-auth")
            .booleanType()
            .defaultValue(false)
            .withDescription("Accepting side: require a client certificate (mutual TLS).");

    // ---------------------------------------------------------------------------------------------
    // Scan
    // ---------------------------------------------------------------------------------------------

    public static final ConfigOption<BoundedMode> SCAN_BOUNDED_MODE = ConfigOptions.key("scan.bounded.mode")
            .enumType(BoundedMode.class)
            .defaultValue(BoundedMode.END_OF_STREAM)
            .withDescription("'end-of-stream': finish when every stream has ended; 'unbounded': keep running.");

    public static final ConfigOption<MemorySize> SCAN_MEMORY_LIMIT = ConfigOptions.key("scan.memory-limit")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(ConnectionSettings.DEFAULT_MEMORY_LIMIT >> 20))
            .withDescription("Arrow (direct) memory one source subtask may hold; budget it in"
                    + " taskmanager.memory.task.off-heap.size.");

    public static final ConfigOption<Integer> SCAN_PARALLELISM = FactoryUtil.SOURCE_PARALLELISM;

    // ---------------------------------------------------------------------------------------------
    // Sink
    // ---------------------------------------------------------------------------------------------

    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE = ConfigOptions
            .key("sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class)
            .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("'at-least-once' (every checkpoint waits until the endpoint took all rows) or 'none'.");

    public static final ConfigOption<Integer> SINK_BATCH_MAX_ROWS = ConfigOptions.key("sink.batch.max-rows")
            .intType()
            .defaultValue(LightstreamSinkBuilder.DEFAULT_BATCH_MAX_ROWS)
            .withDescription("Rows per Arrow batch.");

    public static final ConfigOption<MemorySize> SINK_BATCH_MAX_BYTES = ConfigOptions.key("sink.batch.max-bytes")
            .memoryType()
            .defaultValue(new MemorySize(LightstreamSinkBuilder.DEFAULT_BATCH_MAX_BYTES))
            .withDescription("Approximate Arrow bytes per batch.");

    public static final ConfigOption<Duration> SINK_BATCH_MAX_DELAY = ConfigOptions.key("sink.batch.max-delay")
            .durationType()
            .defaultValue(LightstreamSinkBuilder.DEFAULT_BATCH_MAX_DELAY)
            .withDescription("Longest time a row waits in an open batch; 0 disables the timer.");

    public static final ConfigOption<Integer> SINK_MAX_RETRIES = ConfigOptions.key("sink.max-retries")
            .intType()
            .defaultValue(3)
            .withDescription("New connections tried after a network failure before the job fails.");

    public static final ConfigOption<String> SINK_COMPRESSION = ConfigOptions.key("sink.compression")
            .stringType()
            .defaultValue("none")
            .withDescription("Arrow IPC body compression: 'none', 'zstd' or 'lz4'.");

    public static final ConfigOption<Integer> SINK_PARALLELISM = FactoryUtil.SINK_PARALLELISM;
}
