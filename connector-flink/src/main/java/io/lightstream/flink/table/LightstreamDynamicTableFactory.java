package io.lightstream.flink.table;

import static io.lightstream.flink.table.LightstreamConnectorOptions.ACCEPT;
import static io.lightstream.flink.table.LightstreamConnectorOptions.ACCEPT_TIMEOUT;
import static io.lightstream.flink.table.LightstreamConnectorOptions.CONNECT_RETRIES;
import static io.lightstream.flink.table.LightstreamConnectorOptions.CONNECT_TIMEOUT;
import static io.lightstream.flink.table.LightstreamConnectorOptions.FILE_FORMAT;
import static io.lightstream.flink.table.LightstreamConnectorOptions.PARALLEL;
import static io.lightstream.flink.table.LightstreamConnectorOptions.PROTOCOL;
import static io.lightstream.flink.table.LightstreamConnectorOptions.READ_TIMEOUT;
import static io.lightstream.flink.table.LightstreamConnectorOptions.REGISTRATIONS;
import static io.lightstream.flink.table.LightstreamConnectorOptions.RETRY_BACKOFF;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SCAN_BOUNDED_MODE;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SCAN_MEMORY_LIMIT;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SCAN_PARALLELISM;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SINK_BATCH_MAX_BYTES;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SINK_BATCH_MAX_DELAY;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SINK_BATCH_MAX_ROWS;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SINK_COMPRESSION;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SINK_DELIVERY_GUARANTEE;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SINK_MAX_RETRIES;
import static io.lightstream.flink.table.LightstreamConnectorOptions.SINK_PARALLELISM;
import static io.lightstream.flink.table.LightstreamConnectorOptions.TABLE;
import static io.lightstream.flink.table.LightstreamConnectorOptions.TLS_CA;
import static io.lightstream.flink.table.LightstreamConnectorOptions.TLS_CERT;
import static io.lightstream.flink.table.LightstreamConnectorOptions.TLS_CLIENT_AUTH;
import static io.lightstream.flink.table.LightstreamConnectorOptions.TLS_ENABLED;
import static io.lightstream.flink.table.LightstreamConnectorOptions.TLS_KEY;
import static io.lightstream.flink.table.LightstreamConnectorOptions.URI;

import io.lightstream.Compression;
import io.lightstream.Endpoint;
import io.lightstream.Format;
import io.lightstream.Protocol;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.ArrowTypeMapping;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

/**
 * Creates Lightstream table sources and sinks for {@code 'connector' = 'lightstream'}.
 *
 * <pre>{@code
 * CREATE TABLE trades (
 *   id BIGINT, symbol STRING, price DECIMAL(18, 4), ts TIMESTAMP_LTZ(6),
 *   src STRING METADATA FROM 'endpoint' VIRTUAL,
 *   WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
 * ) WITH (
 *   'connector' = 'lightstream',
 *   'uri' = 'tcp://feed-1:9000;tcp://feed-2:9000',
 *   'scan.bounded.mode' = 'unbounded'
 * );
 * }</pre>
 *
 * <p>Every option is validated when the table is used: unknown keys, unparseable URIs, unknown
 * protocols, formats or compressions, malformed registrations, and columns whose type has no Arrow
 * form are reported with the option or column named.
 */
public final class LightstreamDynamicTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {
    /** The {@code connector} option value. */
    public static final String IDENTIFIER = "lightstream";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(URI);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(PROTOCOL, FILE_FORMAT, TABLE, REGISTRATIONS, ACCEPT, PARALLEL, CONNECT_TIMEOUT, CONNECT_RETRIES,
                RETRY_BACKOFF, READ_TIMEOUT, ACCEPT_TIMEOUT, TLS_ENABLED, TLS_CERT, TLS_KEY, TLS_CA, TLS_CLIENT_AUTH,
                SCAN_BOUNDED_MODE, SCAN_MEMORY_LIMIT, SCAN_PARALLELISM, SINK_DELIVERY_GUARANTEE, SINK_BATCH_MAX_ROWS,
                SINK_BATCH_MAX_BYTES, SINK_BATCH_MAX_DELAY, SINK_MAX_RETRIES, SINK_COMPRESSION, SINK_PARALLELISM,
                FactoryUtil.WATERMARK_EMIT_STRATEGY, FactoryUtil.WATERMARK_ALIGNMENT_GROUP,
                FactoryUtil.WATERMARK_ALIGNMENT_MAX_DRIFT, FactoryUtil.WATERMARK_ALIGNMENT_UPDATE_INTERVAL,
                FactoryUtil.SOURCE_IDLE_TIMEOUT);
    }

    @Override
    public Set<ConfigOption<?>> forwardOptions() {
        return Set.of(URI, CONNECT_TIMEOUT, CONNECT_RETRIES, RETRY_BACKOFF, READ_TIMEOUT, ACCEPT_TIMEOUT,
                SCAN_PARALLELISM, SINK_PARALLELISM);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        RowType physical = physicalRowType(context);
        List<String> uris = uris(options);
        ConnectionSettings settings = settings(options, uris);
        boolean bounded = options.get(SCAN_BOUNDED_MODE) == LightstreamConnectorOptions.BoundedMode.END_OF_STREAM;
        return new LightstreamDynamicSource(uris, settings, bounded, options.getOptional(SCAN_PARALLELISM).orElse(null),
                physical, context.getPhysicalRowDataType(), context.getObjectIdentifier().asSummaryString());
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        RowType physical = physicalRowType(context);
        List<String> uris = uris(options);
        ConnectionSettings settings = settings(options, uris);
        DeliveryGuarantee guarantee = options.get(SINK_DELIVERY_GUARANTEE);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            throw new ValidationException("option '" + SINK_DELIVERY_GUARANTEE.key() + "': exactly-once needs a"
                    + " producer handshake the Lightstream sink does not have yet; use 'at-least-once' or 'none'");
        }
        for (String uri : uris) {
            if (settings.isLightstreamProtocol(uri) && settings.effectiveTable() == null) {
                throw new ValidationException("option '" + TABLE.key() + "': writing the Lightstream protocol to " + uri
                        + " needs a table name");
            }
        }
        int maxRows = options.get(SINK_BATCH_MAX_ROWS);
        long maxBytes = options.get(SINK_BATCH_MAX_BYTES).getBytes();
        if (maxRows < 1 || maxBytes < 1) {
            throw new ValidationException("options '" + SINK_BATCH_MAX_ROWS.key() + "' and '"
                    + SINK_BATCH_MAX_BYTES.key() + "' must be positive");
        }
        if (options.get(SINK_MAX_RETRIES) < 0) {
            throw new ValidationException("option '" + SINK_MAX_RETRIES.key() + "' must be >= 0");
        }
        return new LightstreamDynamicSink(uris, settings, physical, guarantee, maxRows, maxBytes,
                options.get(SINK_BATCH_MAX_DELAY), options.get(SINK_MAX_RETRIES), options.get(RETRY_BACKOFF),
                options.getOptional(SINK_PARALLELISM).orElse(null));
    }

    private static RowType physicalRowType(Context context) {
        RowType physical = (RowType) context.getPhysicalRowDataType().getLogicalType();
        // Reject, at planning time, columns whose type has no Arrow form (the message names the column).
        ArrowTypeMapping.toArrowSchema(physical);
        return physical;
    }

    private static List<String> uris(ReadableConfig options) {
        List<String> uris = options.get(URI);
        if (uris.isEmpty()) {
            throw new ValidationException("option '" + URI.key() + "' lists no endpoint");
        }
        for (String uri : uris) {
            try {
                Endpoint.parse(uri.replace("{subtask}", "0").replace("{attempt}", "0").replace("{job}", "job"));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("option '" + URI.key() + "': " + e.getMessage(), e);
            }
        }
        if (uris.stream().distinct().count() != uris.size()) {
            throw new ValidationException("option '" + URI.key() + "' lists an endpoint twice: " + uris);
        }
        return uris;
    }

    private static ConnectionSettings settings(ReadableConfig options, List<String> uris) {
        ConnectionSettings.Builder b = ConnectionSettings.builder();
        options.getOptional(PROTOCOL).ifPresent(p -> b.protocol(parseProtocol(p)));
        options.getOptional(FILE_FORMAT).ifPresent(f -> b.format(parseFormat(f)));
        for (String r : options.get(REGISTRATIONS)) {
            try {
                b.register(ConnectionSettings.Registration.parse(r));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("option '" + REGISTRATIONS.key() + "': " + e.getMessage(), e);
            }
        }
        options.getOptional(TABLE).ifPresent(b::table);
        options.getOptional(TLS_CERT).ifPresent(b::tlsCert);
        options.getOptional(TLS_KEY).ifPresent(b::tlsKey);
        options.getOptional(TLS_CA).ifPresent(b::tlsCa);
        String compression = options.get(SINK_COMPRESSION);
        try {
            Compression c = Compression.parse(compression);
            if (c != Compression.NONE && c != Compression.ZSTD && c != Compression.LZ4_FRAME) {
                throw new IllegalArgumentException(c + " is not an Arrow IPC codec");
            }
            return b.accept(options.get(ACCEPT))
                    .parallel(options.get(PARALLEL))
                    .connectTimeout(options.get(CONNECT_TIMEOUT))
                    .connectRetries(options.get(CONNECT_RETRIES))
                    .retryBackoff(options.get(RETRY_BACKOFF))
                    .readTimeout(options.get(READ_TIMEOUT))
                    .acceptTimeout(options.get(ACCEPT_TIMEOUT))
                    .tls(options.get(TLS_ENABLED))
                    .tlsClientAuth(options.get(TLS_CLIENT_AUTH))
                    .compression(c)
                    .memoryLimit(options.get(SCAN_MEMORY_LIMIT).getBytes())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("invalid Lightstream connector options for " + uris + ": " + e.getMessage(),
                    e);
        }
    }

    private static Protocol parseProtocol(String text) {
        try {
            return Protocol.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("option '" + PROTOCOL.key() + "': unknown protocol '" + text
                    + "' (expected 'arrow' or 'lightstream')");
        }
    }

    private static Format parseFormat(String text) {
        Format format;
        try {
            format = Format.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("option '" + FILE_FORMAT.key() + "': " + e.getMessage(), e);
        }
        if (format != Format.ARROW_FILE && format != Format.ARROW_STREAM && format != Format.LIGHTSTREAM) {
            throw new ValidationException("option '" + FILE_FORMAT.key() + "': '" + text
                    + "' is not an Arrow format (expected 'arrow', 'arrows' or 'lightstream')");
        }
        return format;
    }
}
