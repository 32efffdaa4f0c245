package io.lightstream.kafka.source;

import io.lightstream.Endpoint;
import io.lightstream.Protocol;
import io.lightstream.kafka.config.ChoiceRecommender;
import io.lightstream.kafka.config.EndpointListValidator;
import io.lightstream.kafka.config.RegistrationListValidator;
import io.lightstream.kafka.config.TopicTemplateValidator;
import io.lightstream.kafka.config.TransportConfig;
import io.lightstream.kafka.mapping.MappingOptions;
import io.lightstream.kafka.mapping.TemporalMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Configuration of {@link LightstreamSourceConnector} and its tasks.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class LightstreamSourceConfig extends AbstractConfig {
    public static final String ENDPOINTS = "endpoints";
    public static final String PROTOCOL = "protocol";
    public static final String REGISTRATIONS = "lightstream.registrations";
    public static final String TOPIC = "topic";
    public static final String RECORD_MODE = "record.mode";
    public static final String KEY_COLUMNS = "key.columns";
    public static final String TIMESTAMP_COLUMN = "timestamp.column";
    public static final String HEADERS_ENABLE = "headers.enable";
    public static final String SCHEMA_NAME = "schema.name";
    public static final String TEMPORAL_MODE = "temporal.precision.mode";
    public static final String MAX_POLL_RECORDS = "max.poll.records";
    public static final String QUEUE_MAX_BYTES = "queue.max.bytes";
    public static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String MEMORY_MAX_BYTES = "memory.max.bytes";
    /** Set by the connector on each task: the endpoints that task reads. */
    public static final String TASK_ENDPOINTS = "task.endpoints";

    /** One Kafka record per Arrow row, or per Arrow batch. */
    public enum RecordMode { ROW, BATCH }

    static final String DEFAULT_SCHEMA_NAME = "io.lightstream.kafka.Row";

    public static final ConfigDef CONFIG_DEF = configDef();

    public LightstreamSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        String g = "Endpoints";
        int o = 0;
        def.define(ENDPOINTS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new EndpointListValidator(), Importance.HIGH,
                "Endpoint URIs to read Arrow tables from (tcp://host:port, uds:///path, ws://, wss://, http://, https://,"
                        + " quic://, an Arrow or Lightstream file, or stdio: in standalone mode). Each endpoint is one"
                        + " source partition; endpoints are spread over the tasks.", g, ++o, Width.LONG, "Endpoints");
        def.define(PROTOCOL, Type.STRING, "arrow", ConfigDef.CaseInsensitiveValidString.in("arrow", "lightstream"),
                Importance.HIGH, "What the endpoints speak: 'arrow' (one Arrow IPC stream) or 'lightstream' (tables and"
                        + " messages multiplexed in TLV frames).", g, ++o, Width.SHORT, "Protocol",
                List.of(REGISTRATIONS), new ChoiceRecommender(List.of("arrow", "lightstream")));
        def.define(REGISTRATIONS, Type.LIST, List.of(), new RegistrationListValidator(), Importance.MEDIUM,
                "Lightstream protocol only: the registered types in tag order, as table:NAME or message:NAME (both"
                        + " peers register the same types in the same order). Tables become records; messages become"
                        + " BYTES records with a 'lightstream.message' header.", g, ++o, Width.LONG,
                "Lightstream registrations", new ChoiceRecommender(null, PROTOCOL, "lightstream"));
        TransportConfig.define(def, ENDPOINTS);

        String r = "Records";
        int p = 0;
        def.define(TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new TopicTemplateValidator(), Importance.HIGH,
                "Topic to write to; ${table} is replaced by the Lightstream table or message name.", r, ++p, Width.MEDIUM,
                "Topic");
        def.define(RECORD_MODE, Type.STRING, "row", ConfigDef.CaseInsensitiveValidString.in("row", "batch"),
                Importance.HIGH, "'row': one record per Arrow row, value a Struct (works with every converter and"
                        + " transformation). 'batch': one record per Arrow batch, value the batch as Arrow IPC stream"
                        + " bytes; use it with value.converter=org.apache.kafka.connect.converters.ByteArrayConverter.",
                r, ++p, Width.SHORT, "Record mode", List.of(KEY_COLUMNS, TIMESTAMP_COLUMN, BATCH_MAX_BYTES),
                new ChoiceRecommender(List.of("row", "batch")));
        def.define(KEY_COLUMNS, Type.LIST, List.of(), ConfigDef.ValidList.anyNonDuplicateValues(true, false),
                Importance.MEDIUM, "Row mode: columns forming the record key. One column gives its value; several give"
                        + " a Struct of them. Empty: no key.", r, ++p, Width.LONG, "Key columns",
                new ChoiceRecommender(null, RECORD_MODE, "row"));
        def.define(TIMESTAMP_COLUMN, Type.STRING, "", Importance.MEDIUM,
                "Row mode: a timestamp column whose value becomes the record timestamp. Empty: the producer's time.",
                r, ++p, Width.MEDIUM, "Timestamp column", new ChoiceRecommender(null, RECORD_MODE, "row"));
        def.define(HEADERS_ENABLE, Type.BOOLEAN, true, Importance.LOW,
                "Add headers naming the endpoint, table and batch sequence (and in batch mode the content type, row"
                        + " count and the batch's custom metadata as 'lightstream.meta.*').", r, ++p, Width.SHORT,
                "Headers");
        def.define(SCHEMA_NAME, Type.STRING, "", Importance.LOW,
                "Name of the row Struct schema (registries key on it). Empty: the Lightstream table name, else "
                        + DEFAULT_SCHEMA_NAME + ".", r, ++p, Width.MEDIUM, "Schema name");
        def.define(TEMPORAL_MODE, Type.STRING, "precise", ConfigDef.CaseInsensitiveValidString.in("precise", "connect"),
                Importance.MEDIUM, "'precise': microsecond and nanosecond times and timestamps stay exact as INT64"
                        + " (io.lightstream.arrow.Time/Timestamp). 'connect': they become Connect Time/Timestamp values,"
                        + " dropping digits below the millisecond.", r, ++p, Width.SHORT, "Temporal precision",
                new ChoiceRecommender(List.of("precise", "connect")));

        String f = "Flow control";
        int q = 0;
        def.define(MAX_POLL_RECORDS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Most records one poll() returns.", f, ++q, Width.SHORT, "Max poll records");
        def.define(POLL_TIMEOUT_MS, Type.LONG, 1000L, ConfigDef.Range.between(10, 4000), Importance.LOW,
                "Longest time poll() waits for data before returning empty, so the task can be paused or stopped.",
                f, ++q, Width.SHORT, "Poll timeout (ms)");
        def.define(QUEUE_MAX_BYTES, Type.LONG, 64L << 20, ConfigDef.Range.atLeast(1 << 20), Importance.MEDIUM,
                "Decoded Arrow bytes a task buffers between its endpoints and poll(). When full, the task stops reading"
                        + " its sockets, which slows the senders down.", f, ++q, Width.SHORT, "Queue bytes");
        def.define(MEMORY_MAX_BYTES, Type.LONG, 512L << 20, ConfigDef.Range.atLeast(4 << 20), Importance.LOW,
                "Cap on the Arrow memory of one task (queued batches, batches being decoded and converted).",
                f, ++q, Width.SHORT, "Memory cap");
        def.define(BATCH_MAX_BYTES, Type.INT, 1_000_000, ConfigDef.Range.atLeast(1024), Importance.MEDIUM,
                "Batch mode: largest record value. Larger Arrow batches are split by rows so that each record fits the"
                        + " producer's max.request.size and the topic's max.message.bytes.", f, ++q, Width.SHORT,
                "Max record bytes", new ChoiceRecommender(null, RECORD_MODE, "batch"));

        def.define(TASK_ENDPOINTS, Type.LIST, List.of(), Importance.LOW, "Internal: endpoints of one task.");
        return def;
    }

    public List<String> endpoints() {
        List<String> own = getList(TASK_ENDPOINTS);
        return own.isEmpty() ? getList(ENDPOINTS) : own;
    }

    public Protocol protocol() {
        return Protocol.parse(getString(PROTOCOL));
    }

    public RecordMode recordMode() {
        return RecordMode.valueOf(getString(RECORD_MODE).toUpperCase(Locale.ROOT));
    }

    public MappingOptions mappingOptions() {
        return new MappingOptions(TemporalMode.parse(getString(TEMPORAL_MODE)), 38, "UTC");
    }

    /**
     * Cross-field checks, attached to the offending keys of {@code values}.
     *
     * @param props the raw connector configuration (for keys of the worker such as value.converter)
     */
    static void validate(Map<String, String> props, Map<String, ConfigValue> values) {
        List<Endpoint> endpoints = parsedEndpoints(values);
        TransportConfig.validate(values, endpoints);
        Object protocol = value(values, PROTOCOL);
        List<?> registrations = (List<?>) value(values, REGISTRATIONS);
        boolean lightstream = protocol != null && "lightstream".equalsIgnoreCase(protocol.toString());
        if (lightstream && (registrations == null || registrations.stream().noneMatch(e -> e.toString().startsWith("table:")))) {
            error(values, REGISTRATIONS, "protocol=lightstream needs the registered types in tag order, with at least"
                    + " one table:NAME");
        }
        if (!lightstream && registrations != null && !registrations.isEmpty()) {
            error(values, REGISTRATIONS, REGISTRATIONS + " applies to protocol=lightstream only");
        }
        Object topic = value(values, TOPIC);
        if (!lightstream && topic != null && topic.toString().contains(TopicTemplateValidator.TABLE_PLACEHOLDER)) {
            error(values, TOPIC, TopicTemplateValidator.TABLE_PLACEHOLDER + " needs protocol=lightstream, where"
                    + " batches carry a table name");
        }
        Object mode = value(values, RECORD_MODE);
        if (mode != null && "batch".equalsIgnoreCase(mode.toString())) {
            List<?> keys = (List<?>) value(values, KEY_COLUMNS);
            if (keys != null && !keys.isEmpty()) {
                error(values, KEY_COLUMNS, "key columns apply to record.mode=row; batch records carry no key");
            }
            Object ts = value(values, TIMESTAMP_COLUMN);
            if (ts != null && !ts.toString().isBlank()) {
                error(values, TIMESTAMP_COLUMN, "a timestamp column applies to record.mode=row");
            }
            String converter = props.get("value.converter");
            if (converter != null && !converter.trim().equals("org.apache.kafka.connect.converters.ByteArrayConverter")) {
                error(values, RECORD_MODE, "record.mode=batch emits Arrow IPC bytes and needs value.converter="
                        + "org.apache.kafka.connect.converters.ByteArrayConverter, not " + converter.trim());
            }
        }
        Object queue = value(values, QUEUE_MAX_BYTES);
        Object memory = value(values, MEMORY_MAX_BYTES);
        if (queue instanceof Long qb && memory instanceof Long mb && mb < 2 * qb) {
            error(values, MEMORY_MAX_BYTES, MEMORY_MAX_BYTES + " (" + mb + ") must be at least twice " + QUEUE_MAX_BYTES
                    + " (" + qb + "): queued batches and the batch being decoded share it");
        }
        for (Endpoint e : endpoints) {
            if (e.scheme() == Endpoint.Scheme.STDIO && endpoints.size() > 1) {
                error(values, ENDPOINTS, "stdio: is the worker's own standard input; list it alone");
            }
        }
    }

    static List<Endpoint> parsedEndpoints(Map<String, ConfigValue> values) {
        ConfigValue v = values.get(ENDPOINTS);
        List<Endpoint> out = new ArrayList<>();
        if (v == null || !v.errorMessages().isEmpty() || !(v.value() instanceof List<?> list)) {
            return out;
        }
        for (Object o : list) {
            out.add(Endpoint.parse(o.toString()));
        }
        return out;
    }

    private static Object value(Map<String, ConfigValue> values, String key) {
        ConfigValue v = values.get(key);
        return v == null ? null : v.value();
    }

    private static void error(Map<String, ConfigValue> values, String key, String message) {
        ConfigValue v = values.get(key);
        if (v != null) {
            v.addErrorMessage(message);
        }
    }
}
