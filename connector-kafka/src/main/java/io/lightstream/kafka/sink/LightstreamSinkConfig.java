package io.lightstream.kafka.sink;

import io.lightstream.Endpoint;
import io.lightstream.Format;
import io.lightstream.Protocol;
import io.lightstream.kafka.config.ChoiceRecommender;
import io.lightstream.kafka.config.EndpointListValidator;
import io.lightstream.kafka.config.TransportConfig;
import io.lightstream.kafka.mapping.ArrowSchemaSyntax;
import io.lightstream.kafka.mapping.MappingOptions;
import io.lightstream.kafka.mapping.TemporalMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Configuration of {@link LightstreamSinkConnector} and its tasks.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class LightstreamSinkConfig extends AbstractConfig {
    public static final String ENDPOINTS = "endpoints";
    public static final String PROTOCOL = "protocol";
    public static final String TABLE = "lightstream.table";
    public static final String REGISTRATIONS = "lightstream.registrations";
    public static final String RECORD_MODE = "record.mode";
    public static final String SCHEMALESS_SCHEMA = "schemaless.arrow.schema";
    public static final String NULL_VALUES = "behavior.on.null.values";
    public static final String SCHEMA_CHANGE = "schema.change";
    public static final String METADATA_ENABLE = "kafka.metadata.enable";
    public static final String DECIMAL_PRECISION = "decimal.default.precision";
    public static final String TIMESTAMP_TIMEZONE = "timestamp.timezone";
    public static final String BATCH_MAX_ROWS = "batch.max.rows";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";
    public static final String MEMORY_MAX_BYTES = "memory.max.bytes";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    /** Set by the connector on each task: its position among the tasks, which picks its endpoint. */
    public static final String TASK_INDEX = "task.index";

    /** The placeholder of {@link #TABLE} replaced by the record's topic. */
    public static final String TOPIC_PLACEHOLDER = "${topic}";

    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    /** One Arrow row per record, or records that each hold Arrow IPC stream bytes. */
    public enum RecordMode { ROW, BATCH }

    /** What a record with a null value (a tombstone) does. */
    public enum NullValues { IGNORE, WRITE, FAIL }

    /** What a change of a partition's schema does. */
    public enum SchemaChange { ROTATE, FAIL }

    public static final ConfigDef CONFIG_DEF = configDef();

    public LightstreamSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        String g = "Endpoints";
        int o = 0;
        def.define(ENDPOINTS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new EndpointListValidator(), Importance.HIGH,
                "Endpoint URIs to write Arrow tables to (tcp://host:port, uds:///path, ws://, wss://, http://, https://,"
                        + " quic://, a file, or stdio: in standalone mode). Task i writes to endpoint i modulo their"
                        + " number, one stream at a time. A file endpoint names a series of files: each stream goes to"
                        + " NAME-<task>-<start>-<n>.EXT beside it, so restarts and schema changes never overwrite output.",
                g, ++o, Width.LONG, "Endpoints");
        def.define(PROTOCOL, Type.STRING, "arrow", ConfigDef.CaseInsensitiveValidString.in("arrow", "lightstream"),
                Importance.HIGH, "What the endpoints receive: 'arrow' (one Arrow IPC stream, one schema) or"
                        + " 'lightstream' (one table per topic, multiplexed in TLV frames; tables are registered in the"
                        + " order they are first written).", g, ++o, Width.SHORT, "Protocol", List.of(TABLE, REGISTRATIONS),
                new ChoiceRecommender(List.of("arrow", "lightstream")));
        def.define(TABLE, Type.STRING, TOPIC_PLACEHOLDER, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                "Lightstream protocol only: the table a record's rows go to; " + TOPIC_PLACEHOLDER
                        + " is replaced by the record's topic (after transformations).", g, ++o, Width.MEDIUM,
                "Lightstream table", new ChoiceRecommender(null, PROTOCOL, "lightstream"));
        def.define(REGISTRATIONS, Type.LIST, List.of(), ConfigDef.ValidList.anyNonDuplicateValues(true, false),
                Importance.MEDIUM, "Lightstream protocol only: the table names in tag order, as the receiver registers"
                        + " them. A record whose table is not listed is errant. Empty: tables are registered in the order"
                        + " they are first written, which the receiver must then follow.", g, ++o, Width.LONG,
                "Lightstream tables", new ChoiceRecommender(null, PROTOCOL, "lightstream"));
        TransportConfig.define(def, ENDPOINTS);

        String r = "Records";
        int p = 0;
        def.define(RECORD_MODE, Type.STRING, "row", ConfigDef.CaseInsensitiveValidString.in("row", "batch"),
                Importance.HIGH, "'row': each record is one row (a Struct, a Map with " + SCHEMALESS_SCHEMA
                        + ", or an array of Structs as the Arrow IPC converter produces) appended to a batch. 'batch':"
                        + " each record value is an Arrow IPC stream (the source's batch mode) written through as it is;"
                        + " use value.converter=" + BYTE_ARRAY_CONVERTER + ".", r, ++p, Width.SHORT, "Record mode",
                List.of(SCHEMALESS_SCHEMA, BATCH_MAX_ROWS, BATCH_MAX_BYTES, BATCH_LINGER_MS),
                new ChoiceRecommender(List.of("row", "batch")));
        def.define(SCHEMALESS_SCHEMA, Type.STRING, "", new SchemaSyntaxValidator(), Importance.HIGH,
                "Arrow schema of records without a Connect schema (for example JSON with schemas.enable=false), written"
                        + " as 'name: type, ...' in pyarrow's spelling, e.g. 'id: int64 not null, name: string, ts:"
                        + " timestamp[ms, tz=UTC], tags: list<string>'. Map keys name the columns; missing keys are"
                        + " null. Empty: schemaless records are errors.", r, ++p, Width.LONG, "Schemaless Arrow schema",
                new ChoiceRecommender(null, RECORD_MODE, "row"));
        def.define(NULL_VALUES, Type.STRING, "ignore", ConfigDef.CaseInsensitiveValidString.in("ignore", "write", "fail"),
                Importance.MEDIUM, "Records with a null value (tombstones): 'ignore' skips them, 'write' writes a row of"
                        + " nulls (every column must be nullable), 'fail' reports them as errant records (to the dead"
                        + " letter queue when one is configured, else the task fails).", r, ++p, Width.SHORT,
                "Null values", new ChoiceRecommender(List.of("ignore", "write", "fail")));
        def.define(SCHEMA_CHANGE, Type.STRING, "rotate", ConfigDef.CaseInsensitiveValidString.in("rotate", "fail"),
                Importance.MEDIUM, "When a partition's records change schema: 'rotate' writes the rows so far and"
                        + " continues with the new schema (on protocol=arrow in a new stream); 'fail' reports the"
                        + " record as errant.", r, ++p, Width.SHORT, "Schema change",
                new ChoiceRecommender(List.of("rotate", "fail")));
        def.define(METADATA_ENABLE, Type.BOOLEAN, true, Importance.LOW,
                "Protocol arrow: give each record batch custom metadata naming its Kafka topic, partition and first"
                        + " and last offset, so a receiver can drop batches it has seen.", r, ++p, Width.SHORT,
                "Kafka metadata");
        def.define(DECIMAL_PRECISION, Type.INT, 38, ConfigDef.Range.between(1, 76), Importance.LOW,
                "Arrow precision of a Connect Decimal that does not carry connect.decimal.precision.", r, ++p,
                Width.SHORT, "Default decimal precision");
        def.define(TIMESTAMP_TIMEZONE, Type.STRING, "UTC", new ZoneValidator(), Importance.LOW,
                "Arrow time zone of a plain Connect Timestamp column; empty writes timestamps without a time zone.",
                r, ++p, Width.SHORT, "Timestamp time zone");

        String b = "Batching";
        int q = 0;
        def.define(BATCH_MAX_ROWS, Type.INT, 65_536, ConfigDef.Range.between(1, 100_000_000), Importance.MEDIUM,
                "Rows after which a partition's batch is written.", b, ++q, Width.SHORT, "Max batch rows");
        def.define(BATCH_MAX_BYTES, Type.LONG, 16L << 20, ConfigDef.Range.atLeast(1024), Importance.MEDIUM,
                "Approximate Arrow bytes after which a partition's batch is written.", b, ++q, Width.SHORT,
                "Max batch bytes");
        def.define(BATCH_LINGER_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Longest time a row waits in a partial batch before the batch is written. Batches are also written"
                        + " whenever the worker commits offsets.", b, ++q, Width.SHORT, "Linger (ms)");
        def.define(BUFFER_MAX_BYTES, Type.LONG, 128L << 20, ConfigDef.Range.atLeast(1 << 20), Importance.LOW,
                "Arrow bytes all partial batches of a task may hold; above it every batch is written.", b, ++q,
                Width.SHORT, "Buffer bytes");
        def.define(MEMORY_MAX_BYTES, Type.LONG, 512L << 20, ConfigDef.Range.atLeast(4 << 20), Importance.LOW,
                "Cap on the Arrow memory of one task (partial batches and decoded batch-mode records).", b, ++q,
                Width.SHORT, "Memory cap");

        String e = "Retries";
        int s = 0;
        def.define(MAX_RETRIES, Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Failed writes to an endpoint retried in a row (the records are redelivered and nothing is committed"
                        + " meanwhile) before the task fails with the cause.", e, ++s, Width.SHORT, "Max retries");
        def.define(RETRY_BACKOFF_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Wait before the first retry of a failed write; doubles with each retry, up to a minute.", e, ++s,
                Width.SHORT, "Retry backoff (ms)");

        def.define(TASK_INDEX, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.LOW, "Internal: the task's position.");
        return def;
    }

    public Protocol protocol() {
        return Protocol.parse(getString(PROTOCOL));
    }

    public RecordMode recordMode() {
        return RecordMode.valueOf(getString(RECORD_MODE).toUpperCase(Locale.ROOT));
    }

    public NullValues nullValues() {
        return NullValues.valueOf(getString(NULL_VALUES).toUpperCase(Locale.ROOT));
    }

    public SchemaChange schemaChange() {
        return SchemaChange.valueOf(getString(SCHEMA_CHANGE).toUpperCase(Locale.ROOT));
    }

    /** The declared schema of schemaless records, if any. */
    public Optional<Schema> schemalessSchema() {
        String text = getString(SCHEMALESS_SCHEMA);
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(ArrowSchemaSyntax.parse(text));
    }

    public MappingOptions mappingOptions() {
        String tz = getString(TIMESTAMP_TIMEZONE).trim();
        return new MappingOptions(TemporalMode.PRECISE, getInt(DECIMAL_PRECISION), tz.isEmpty() ? null : tz);
    }

    /** The endpoint this task writes to. */
    public String taskEndpoint() {
        List<String> endpoints = getList(ENDPOINTS);
        return endpoints.get(getInt(TASK_INDEX) % endpoints.size()).trim();
    }

    /**
     * Cross-field checks, attached to the offending keys of {@code values}.
     *
     * @param props the raw connector configuration (for worker keys such as value.converter and tasks.max)
     */
    static void validate(Map<String, String> props, Map<String, ConfigValue> values) {
        List<Endpoint> endpoints = parsedEndpoints(values);
        TransportConfig.validate(values, endpoints);
        boolean lightstream = "lightstream".equalsIgnoreCase(String.valueOf(value(values, PROTOCOL)));
        Object table = value(values, TABLE);
        if (!lightstream && table != null && !TOPIC_PLACEHOLDER.equals(table.toString().trim())) {
            error(values, TABLE, TABLE + " applies to protocol=lightstream only");
        }
        List<?> registrations = (List<?>) value(values, REGISTRATIONS);
        if (registrations != null && !registrations.isEmpty()) {
            if (!lightstream) {
                error(values, REGISTRATIONS, REGISTRATIONS + " applies to protocol=lightstream only");
            } else if (registrations.size() > 256) {
                error(values, REGISTRATIONS, "a Lightstream connection holds at most 256 types, got " + registrations.size());
            }
            for (Object t : registrations) {
                if (t.toString().contains(":")) {
                    error(values, REGISTRATIONS, "list table names only (the sink writes tables, not messages), got '"
                            + t + "'");
                }
            }
        }
        boolean batch = "batch".equalsIgnoreCase(String.valueOf(value(values, RECORD_MODE)));
        String converter = props.get("value.converter") == null ? null : props.get("value.converter").trim();
        if (batch && converter != null && !converter.equals(BYTE_ARRAY_CONVERTER)) {
            error(values, RECORD_MODE, "record.mode=batch reads Arrow IPC bytes and needs value.converter="
                    + BYTE_ARRAY_CONVERTER + ", not " + converter);
        }
        if (!batch && BYTE_ARRAY_CONVERTER.equals(converter)) {
            error(values, RECORD_MODE, "value.converter=" + BYTE_ARRAY_CONVERTER + " gives raw bytes, which are rows"
                    + " only in record.mode=batch (Arrow IPC values)");
        }
        Object schemaless = value(values, SCHEMALESS_SCHEMA);
        boolean declared = schemaless != null && !schemaless.toString().isBlank();
        if (batch && declared) {
            error(values, SCHEMALESS_SCHEMA, SCHEMALESS_SCHEMA + " applies to record.mode=row; Arrow IPC records carry"
                    + " their schema");
        }
        if (!batch && !declared && "false".equalsIgnoreCase(trimmed(props.get("value.converter.schemas.enable")))) {
            error(values, SCHEMALESS_SCHEMA, "value.converter.schemas.enable=false gives records without a schema;"
                    + " declare their Arrow schema here, e.g. 'id: int64 not null, name: string'");
        }
        if (batch && "write".equalsIgnoreCase(String.valueOf(value(values, NULL_VALUES)))) {
            error(values, NULL_VALUES, NULL_VALUES + "=write needs a row schema; in record.mode=batch use ignore or fail");
        }
        Object bufferBytes = value(values, BUFFER_MAX_BYTES);
        Object batchBytes = value(values, BATCH_MAX_BYTES);
        Object memory = value(values, MEMORY_MAX_BYTES);
        if (bufferBytes instanceof Long buf && batchBytes instanceof Long bb && buf < bb) {
            error(values, BUFFER_MAX_BYTES, BUFFER_MAX_BYTES + " (" + buf + ") must be at least " + BATCH_MAX_BYTES
                    + " (" + bb + ")");
        }
        if (bufferBytes instanceof Long buf && memory instanceof Long mem && mem < 2 * buf) {
            error(values, MEMORY_MAX_BYTES, MEMORY_MAX_BYTES + " (" + mem + ") must be at least twice "
                    + BUFFER_MAX_BYTES + " (" + buf + "): partial batches and the batch being encoded share it");
        }
        int tasks = tasksMax(props);
        boolean accept = Boolean.TRUE.equals(value(values, TransportConfig.ACCEPT));
        if (!endpoints.isEmpty() && tasks > 0 && tasks < endpoints.size()) {
            error(values, ENDPOINTS, endpoints.size() + " endpoints need tasks.max of at least " + endpoints.size()
                    + " (it is " + tasks + "): task i writes to endpoint i modulo their number");
        }
        if (accept && tasks > endpoints.size() && !endpoints.isEmpty()) {
            error(values, TransportConfig.ACCEPT, "with " + TransportConfig.ACCEPT + "=true each task binds its"
                    + " endpoint's address, so tasks.max (" + tasks + ") must not exceed the number of endpoints ("
                    + endpoints.size() + ")");
        }
        for (Endpoint e : endpoints) {
            if (e.scheme() == Endpoint.Scheme.STDIO && (endpoints.size() > 1 || tasks > 1)) {
                error(values, ENDPOINTS, "stdio: is the worker's own standard output; use it alone, with tasks.max=1");
            }
            if (e.scheme() == Endpoint.Scheme.FILE) {
                checkFile(values, e, lightstream);
            }
        }
    }

    private static void checkFile(Map<String, ConfigValue> values, Endpoint e, boolean lightstream) {
        Optional<Format> format = Format.fromFileName(e.path());
        if (format.isEmpty()) {
            error(values, ENDPOINTS, "cannot tell the format of '" + e + "' from its extension: use .arrows or .arrow"
                    + " (protocol=arrow) or .tlv (protocol=lightstream)");
            return;
        }
        Format f = format.get();
        boolean arrowFile = f == Format.ARROW_STREAM || f == Format.ARROW_FILE;
        if (lightstream && f != Format.LIGHTSTREAM || !lightstream && !arrowFile) {
            error(values, ENDPOINTS, "'" + e + "' is " + f + ", which does not carry protocol="
                    + (lightstream ? "lightstream (use .tlv)" : "arrow (use .arrows or .arrow)"));
        }
        java.nio.file.Path parent = e.filePath().toAbsolutePath().getParent();
        if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
            error(values, ENDPOINTS, "the directory of '" + e + "' does not exist on this worker");
        }
    }

    private static int tasksMax(Map<String, String> props) {
        try {
            return Integer.parseInt(trimmed(props.getOrDefault("tasks.max", "1")));
        } catch (NumberFormatException e) {
            return -1; // the framework reports tasks.max itself
        }
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    static List<Endpoint> parsedEndpoints(Map<String, ConfigValue> values) {
        ConfigValue v = values.get(ENDPOINTS);
        List<Endpoint> out = new ArrayList<>();
        if (v == null || !v.errorMessages().isEmpty() || !(v.value() instanceof List<?> list)) {
            return out;
        }
        for (Object o : list) {
            out.add(Endpoint.parse(o.toString().trim()));
        }
        return out;
    }

    private static Object value(Map<String, ConfigValue> values, String key) {
        ConfigValue v = values.get(key);
        return v == null ? null : v.value();
    }

    private static void error(Map<String, ConfigValue> values, String key, String message) {
        ConfigValue v = values.get(key);
        if (v != null && !v.errorMessages().contains(message)) {
            v.addErrorMessage(message);
        }
    }

    /** Checks that a declared schema parses. */
    static final class SchemaSyntaxValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            try {
                ArrowSchemaSyntax.parse(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "empty, or an Arrow schema such as 'id: int64 not null, name: string'";
        }
    }

    /** Checks a time zone id (empty allowed). */
    static final class ZoneValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String tz = value == null ? "" : value.toString().trim();
            if (tz.isEmpty()) {
                return;
            }
            try {
                ZoneId.of(tz);
            } catch (RuntimeException e) {
                throw new ConfigException(name, value, "not a time zone id (e.g. UTC, Europe/Paris, +02:00)");
            }
        }

        @Override
        public String toString() {
            return "a time zone id such as UTC, or empty";
        }
    }
}
