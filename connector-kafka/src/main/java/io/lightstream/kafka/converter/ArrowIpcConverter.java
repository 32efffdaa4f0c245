package io.lightstream.kafka.converter;

import io.lightstream.Batch;
import io.lightstream.kafka.Version;
import io.lightstream.kafka.mapping.ConnectSchemaMapper;
import io.lightstream.kafka.mapping.IpcBytes;
import io.lightstream.kafka.mapping.MappingOptions;
import io.lightstream.kafka.mapping.RowReader;
import io.lightstream.kafka.mapping.RowWriter;
import io.lightstream.kafka.mapping.TemporalMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Connect {@link Converter} whose Kafka bytes are Arrow IPC streams ({@code
 * application/vnd.apache.arrow.stream}, 64-byte aligned).
 *
 * <p>The Converter contract maps one Kafka record to one Connect value, so a whole Arrow stream
 * becomes one value that Connect can check and transform: an {@code ARRAY} of the row {@code
 * STRUCT}, holding one {@link Struct} per row of every batch, in order. The row schema follows
 * {@link ConnectSchemaMapper}, with its {@code arrow.*} parameters, so the stream comes back with the
 * same Arrow types. In the other direction a {@code STRUCT} value becomes a one-row stream and an
 * {@code ARRAY} of {@code STRUCT} a stream of one batch; a null value is a null record (a
 * tombstone). No Arrow memory escapes a call: values are plain Connect objects, and the Arrow
 * buffers of a conversion are released before it returns.
 *
 * <p>This suits topics that other connectors produce or consume. Between this plugin's own source
 * and sink, the source's {@code record.mode=batch} with the ByteArrayConverter moves the same bytes
 * without turning every row into a Struct and back.
 *
 * <p>Options (prefixed with {@code value.converter.} or {@code key.converter.} in a worker or
 * connector configuration): {@code schema.name}, {@code temporal.precision.mode}, {@code
 * decimal.default.precision}, {@code timestamp.timezone}, {@code memory.max.bytes}.
 *
 * <p>Thread-safe.
 */
public class ArrowIpcConverter implements Converter, Versioned {
    public static final String SCHEMA_NAME = "schema.name";
    public static final String TEMPORAL_MODE = "temporal.precision.mode";
    public static final String DECIMAL_PRECISION = "decimal.default.precision";
    public static final String TIMESTAMP_TIMEZONE = "timestamp.timezone";
    public static final String MEMORY_MAX_BYTES = "memory.max.bytes";
    /** Header naming the media type of what {@link #fromConnectData(String, Headers, Schema, Object)} produced. */
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SCHEMA_NAME, Type.STRING, "io.lightstream.kafka.Row", Importance.LOW,
                    "Name of the row Struct schema of decoded streams (schema registries key on it).")
            .define(TEMPORAL_MODE, Type.STRING, "precise", ConfigDef.CaseInsensitiveValidString.in("precise", "connect"),
                    Importance.MEDIUM, "'precise' keeps microsecond and nanosecond times and timestamps exact as INT64;"
                            + " 'connect' turns them into Connect Time/Timestamp values, dropping sub-millisecond digits.")
            .define(DECIMAL_PRECISION, Type.INT, 38, ConfigDef.Range.between(1, 76), Importance.LOW,
                    "Arrow precision of a Connect Decimal without connect.decimal.precision.")
            .define(TIMESTAMP_TIMEZONE, Type.STRING, "UTC", Importance.LOW,
                    "Arrow time zone of a plain Connect Timestamp; empty for none.")
            .define(MEMORY_MAX_BYTES, Type.LONG, 256L << 20, ConfigDef.Range.atLeast(1 << 20), Importance.LOW,
                    "Cap on the Arrow memory used by conversions running at the same time.");

    private ConnectSchemaMapper mapper;
    private String schemaName;
    private BufferAllocator allocator;
    private final Map<org.apache.arrow.vector.types.pojo.Schema, Schema> toConnect = new ConcurrentHashMap<>();
    private final Map<Schema, org.apache.arrow.vector.types.pojo.Schema> toArrow = new ConcurrentHashMap<>();
    private final Map<Schema, Schema> arrays = new ConcurrentHashMap<>();

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AbstractConfig c = new AbstractConfig(CONFIG_DEF, configs);
        String tz = c.getString(TIMESTAMP_TIMEZONE).trim();
        try {
            mapper = new ConnectSchemaMapper(new MappingOptions(TemporalMode.parse(c.getString(TEMPORAL_MODE)),
                    c.getInt(DECIMAL_PRECISION), tz.isEmpty() ? null : tz));
        } catch (RuntimeException e) {
            throw new org.apache.kafka.common.config.ConfigException("invalid Arrow IPC converter option: " + e.getMessage());
        }
        schemaName = c.getString(SCHEMA_NAME).trim();
        if (allocator != null) {
            allocator.close();
        }
        allocator = new RootAllocator(c.getLong(MEMORY_MAX_BYTES));
    }

    private void ensureConfigured() {
        if (allocator == null) {
            throw new IllegalStateException("the Arrow IPC converter is used before configure()");
        }
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        ensureConfigured();
        if (value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("topic " + topic + ": the Arrow IPC converter needs a value schema (a STRUCT, or an"
                    + " ARRAY of STRUCT); it got a schemaless " + value.getClass().getSimpleName());
        }
        Schema row;
        List<?> rows;
        if (schema.type() == Schema.Type.STRUCT) {
            row = schema;
            rows = List.of(value);
        } else if (schema.type() == Schema.Type.ARRAY && schema.valueSchema().type() == Schema.Type.STRUCT) {
            row = schema.valueSchema();
            rows = (List<?>) value;
        } else {
            throw new DataException("topic " + topic + ": the Arrow IPC converter writes rows: a STRUCT, or an ARRAY of"
                    + " STRUCT; got a " + schema.type());
        }
        org.apache.arrow.vector.types.pojo.Schema arrow = toArrow.computeIfAbsent(row, mapper::toArrow);
        try (RowWriter writer = new RowWriter(arrow, allocator)) {
            for (int i = 0; i < rows.size(); i++) {
                Object r = rows.get(i);
                if (r == null) {
                    throw new DataException("topic " + topic + ": row " + i + " of the array is null; Arrow rows are"
                            + " never null as a whole");
                }
                writer.append(r);
            }
            return IpcBytes.encode(writer.finish(), null, allocator);
        }
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        byte[] bytes = fromConnectData(topic, schema, value);
        if (bytes != null && headers != null) {
            headers.remove(CONTENT_TYPE_HEADER);
            headers.add(CONTENT_TYPE_HEADER, IpcBytes.CONTENT_TYPE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes;
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        ensureConfigured();
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try (IpcBytes.Decoded decoded = IpcBytes.decode(value, allocator)) {
            Schema row = toConnect.computeIfAbsent(decoded.schema(), s -> mapper.toConnect(s, schemaName));
            List<Struct> rows = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, decoded.rowCount()));
            for (Batch b : decoded.batches()) {
                RowReader reader = new RowReader(row, b.root(), b.dictionaries());
                for (int i = 0; i < b.rowCount(); i++) {
                    rows.add(reader.read(i));
                }
            }
            return new SchemaAndValue(arrayOf(row), rows);
        } catch (DataException e) {
            throw new DataException("topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private Schema arrayOf(Schema row) {
        return arrays.computeIfAbsent(row, r -> SchemaBuilder.array(r).build());
    }

    @Override
    public void close() {
        if (allocator != null) {
            allocator.close();
            allocator = null;
        }
    }
}
