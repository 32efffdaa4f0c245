package io.lightstream.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link LightstreamSinkConnector}: validation, task planning, offsets, discovery. */
class LightstreamSinkConnectorTest {
    private final LightstreamSinkConnector connector = new LightstreamSinkConnector();

    private static Map<String, String> base() {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", LightstreamSinkConnector.class.getName());
        p.put("topics", "orders");
        p.put("endpoints", "tcp://127.0.0.1:9000");
        return p;
    }

    private Map<String, List<String>> errors(Map<String, String> props) {
        return connector.validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private void assertError(Map<String, String> props, String key, String message) {
        assertThat(errors(props)).as("errors of %s", props).containsKey(key);
        assertThat(errors(props).get(key)).anySatisfy(m -> assertThat(m).contains(message));
    }

    @Test
    void aMinimalConfigurationIsValid() {
        assertThat(errors(base())).isEmpty();
        assertThat(connector.version()).isNotBlank().doesNotContain("${");
    }

    @Test
    void everyBadConfigurationGetsAClearMessageOnItsKey(@TempDir Path dir) {
        Map<String, String> p = base();
        p.remove("endpoints");
        assertError(p, "endpoints", "Missing required configuration");
        p.put("endpoints", "tcp://a:1,tcp://b:2");
        p.put("tasks.max", "1");
        assertError(p, "endpoints", "2 endpoints need tasks.max of at least 2");
        p.put("endpoints", "stdio:");
        p.put("tasks.max", "2");
        assertError(p, "endpoints", "use it alone, with tasks.max=1");
        p.put("tasks.max", "1");
        p.put("endpoints", dir.resolve("out.parquet").toString());
        assertError(p, "endpoints", "does not carry protocol=arrow");
        p.put("endpoints", dir.resolve("out.tlv").toString());
        assertError(p, "endpoints", "does not carry protocol=arrow (use .arrows or .arrow)");
        p.put("protocol", "lightstream");
        assertThat(errors(p)).isEmpty();
        p.put("endpoints", dir.resolve("missing/out.tlv").toString());
        assertError(p, "endpoints", "does not exist on this worker");
        p.put("endpoints", dir.resolve("out").toString());
        assertError(p, "endpoints", "cannot tell the format");

        p = base();
        p.put("lightstream.table", "t-${topic}");
        assertError(p, "lightstream.table", "applies to protocol=lightstream only");
        p.put("lightstream.registrations", "a,b");
        assertError(p, "lightstream.registrations", "applies to protocol=lightstream only");
        p.put("protocol", "lightstream");
        p.put("lightstream.registrations", "table:a");
        assertError(p, "lightstream.registrations", "list table names only");

        p = base();
        p.put("record.mode", "batch");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        assertError(p, "record.mode", "needs value.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
        p.put("behavior.on.null.values", "write");
        assertError(p, "behavior.on.null.values", "in record.mode=batch use ignore or fail");
        p.put("schemaless.arrow.schema", "id: int64");
        assertError(p, "schemaless.arrow.schema", "applies to record.mode=row");
        p = base();
        p.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        assertError(p, "record.mode", "only in record.mode=batch");

        p = base();
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter.schemas.enable", "false");
        assertError(p, "schemaless.arrow.schema", "declare their Arrow schema here");
        p.put("schemaless.arrow.schema", "id: int64 not null, name: strin");
        assertError(p, "schemaless.arrow.schema", "unknown type 'strin'");
        p.put("schemaless.arrow.schema", "id: int64 not null, name: string");
        assertThat(errors(p)).isEmpty();

        p = base();
        p.put("behavior.on.null.values", "delete");
        assertError(p, "behavior.on.null.values", "String must be one of");
        p.put("schema.change", "evolve");
        assertError(p, "schema.change", "String must be one of");
        p = base();
        p.put("batch.max.rows", "0");
        assertError(p, "batch.max.rows", "Value must be at least 1");
        p = base();
        p.put("batch.max.bytes", String.valueOf(256L << 20));
        assertError(p, "buffer.max.bytes", "must be at least batch.max.bytes");
        p = base();
        p.put("buffer.max.bytes", String.valueOf(512L << 20));
        assertError(p, "memory.max.bytes", "must be at least twice buffer.max.bytes");
        p = base();
        p.put("timestamp.timezone", "Mars/Olympus");
        assertError(p, "timestamp.timezone", "not a time zone id");
        p = base();
        p.put("decimal.default.precision", "77");
        assertError(p, "decimal.default.precision", "Value must be no more than 76");
        p = base();
        p.put("transport.accept", "true");
        p.put("tasks.max", "2");
        assertError(p, "transport.accept", "must not exceed the number of endpoints");
    }

    @Test
    void keysAreGroupedDocumentedAndRecommended() {
        ConfigDef def = connector.config();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank();
            if (!key.name.equals(LightstreamSinkConfig.TASK_INDEX)) {
                assertThat(key.group).as(key.name).isNotBlank();
            }
        }
        assertThat(def.configKeys().get("transport.ssl.keystore.key").type).isEqualTo(ConfigDef.Type.PASSWORD);
        Map<String, String> p = base();
        p.put("endpoints", "/data/out.arrows");
        Map<String, ConfigValue> values = connector.validate(p).configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, v -> v));
        assertThat(values.get("transport.ssl.truststore.location").visible()).as("no TLS for files").isFalse();
        assertThat(values.get("lightstream.table").visible()).as("Lightstream keys hidden for protocol=arrow").isFalse();
        assertThat(values.get("protocol").recommendedValues()).containsExactly("arrow", "lightstream");
    }

    @Test
    void everyTaskGetsTheConfigurationAndItsIndex() {
        Map<String, String> p = base();
        p.put("endpoints", "tcp://a:1,tcp://b:2");
        connector.start(p);
        List<Map<String, String>> tasks = connector.taskConfigs(3);
        assertThat(tasks).extracting(t -> t.get("task.index")).containsExactly("0", "1", "2");
        assertThat(tasks).extracting(t -> new LightstreamSinkConfig(t).taskEndpoint())
                .containsExactly("tcp://a:1", "tcp://b:2", "tcp://a:1");
    }

    @Test
    void alterOffsetsChecksTheOffsets() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        offsets.put(new TopicPartition("orders", 0), 10L);
        offsets.put(new TopicPartition("orders", 1), null);
        assertThat(connector.alterOffsets(base(), offsets)).isTrue();
        assertThatThrownBy(() -> connector.alterOffsets(base(), Map.of(new TopicPartition("orders", 2), -5L)))
                .isInstanceOf(ConnectException.class).hasMessageContaining("orders-2 must be at least 0");
    }

    @Test
    void isListedForServiceLoaderDiscovery() {
        assertThat(ServiceLoader.load(SinkConnector.class).stream().map(ServiceLoader.Provider::type))
                .contains(LightstreamSinkConnector.class);
    }
}
