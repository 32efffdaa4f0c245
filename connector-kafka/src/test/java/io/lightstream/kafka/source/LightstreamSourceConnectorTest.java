package io.lightstream.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link LightstreamSourceConnector}: validation, task planning, delivery guarantees, offsets. */
class LightstreamSourceConnectorTest {
    private final LightstreamSourceConnector connector = new LightstreamSourceConnector();

    private static Map<String, String> base() {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", LightstreamSourceConnector.class.getName());
        p.put("endpoints", "tcp://127.0.0.1:9000");
        p.put("topic", "orders");
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
    void everyBadConfigurationGetsAClearMessageOnItsKey() {
        Map<String, String> p = base();
        p.remove("endpoints");
        assertError(p, "endpoints", "Missing required configuration");

        p = base();
        p.put("endpoints", "tcp://host");
        assertError(p, "endpoints", "tcp URI needs a port");
        p.put("endpoints", "gopher://host:70");
        assertError(p, "endpoints", "unknown URI scheme 'gopher'");
        p.put("endpoints", "tcp://a:1,tcp://a:1");
        assertError(p, "endpoints", "listed twice");
        p.put("endpoints", "stdio:,tcp://a:1");
        assertError(p, "endpoints", "list it alone");

        p = base();
        p.put("topic", "bad topic!");
        assertError(p, "topic", "topic names use only letters");
        p.put("topic", "t-${table}");
        assertError(p, "topic", "needs protocol=lightstream");

        p = base();
        p.put("protocol", "http");
        assertError(p, "protocol", "String must be one of");
        p.put("protocol", "lightstream");
        assertError(p, "lightstream.registrations", "at least one table:NAME");
        p.put("lightstream.registrations", "table:a,blob:b");
        assertError(p, "lightstream.registrations", "expected table:NAME or message:NAME");
        p.put("lightstream.registrations", "table:a,message:a");
        assertError(p, "lightstream.registrations", "registered twice");
        p = base();
        p.put("lightstream.registrations", "table:a");
        assertError(p, "lightstream.registrations", "applies to protocol=lightstream only");

        p = base();
        p.put("record.mode", "batch");
        p.put("key.columns", "id");
        p.put("timestamp.column", "ts");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        assertError(p, "key.columns", "batch records carry no key");
        assertError(p, "timestamp.column", "applies to record.mode=row");
        assertError(p, "record.mode", "needs value.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
        p.put("record.mode", "columns");
        assertError(p, "record.mode", "String must be one of");

        p = base();
        p.put("max.poll.records", "0");
        assertError(p, "max.poll.records", "Value must be at least 1");
        p.put("poll.timeout.ms", "60000");
        assertError(p, "poll.timeout.ms", "Value must be no more than 4000");
        p = base();
        p.put("queue.max.bytes", String.valueOf(512L << 20));
        assertError(p, "memory.max.bytes", "must be at least twice queue.max.bytes");
        p = base();
        p.put("temporal.precision.mode", "fuzzy");
        assertError(p, "temporal.precision.mode", "String must be one of");
    }

    @Test
    void transportAndTlsMistakesAreReportedOnTheirKeys(@TempDir Path dir) throws Exception {
        Map<String, String> p = base();
        p.put("transport.parallel", "0");
        assertError(p, "transport.parallel", "Value must be at least 1");

        p = base();
        p.put("endpoints", "/data/in.arrows");
        p.put("transport.accept", "true");
        assertError(p, "transport.accept", "applies to network endpoints");

        p = base();
        p.put("endpoints", "wss://0.0.0.0:9443/in");
        p.put("transport.accept", "true");
        assertError(p, "transport.ssl.keystore.location", "needs a certificate");

        p = base();
        p.put("transport.ssl.keystore.location", dir.resolve("missing.pem").toString());
        assertError(p, "transport.ssl.keystore.location", "is not a readable file");

        Path pem = Files.writeString(dir.resolve("store.pem"), "-----BEGIN CERTIFICATE-----\n");
        p = base();
        p.put("transport.ssl.keystore.location", pem.toString());
        p.put("transport.ssl.keystore.certificate.chain", "-----BEGIN CERTIFICATE-----");
        assertError(p, "transport.ssl.keystore.certificate.chain", "not both");
        assertError(p, "transport.ssl.keystore.key", "go together");

        p = base();
        p.put("transport.ssl.key.password", "secret");
        assertError(p, "transport.ssl.key.password", "encrypted private keys are not supported");
        p = base();
        p.put("transport.ssl.keystore.type", "JKS");
        assertError(p, "transport.ssl.keystore.type", "String must be one of: PEM");
        p = base();
        p.put("transport.ssl.client.auth", "required");
        assertError(p, "transport.ssl.client.auth", "decided by the accepting side");
        p.put("transport.accept", "true");
        assertError(p, "transport.ssl.client.auth", "needs transport.ssl.truststore.location");
        p.put("transport.ssl.truststore.location", pem.toString());
        p.put("transport.ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----");
        assertError(p, "transport.ssl.truststore.certificates", "not both");
    }

    @Test
    void tlsOnTcpIsSwitchedOnBySecurityProtocolAndChecked(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Map<String, String> p = base();
        p.put("transport.ssl.truststore.location", pem.toString());
        assertError(p, "transport.security.protocol", "no endpoint uses TLS: set transport.security.protocol=SSL");
        p.put("transport.security.protocol", "ssl");
        assertThat(errors(p)).isEmpty();
        p.put("endpoints", "wss://h:1/in");
        p.put("transport.security.protocol", "PLAINTEXT");
        assertThat(errors(p)).as("wss:// is TLS whatever the security protocol").isEmpty();

        p = base();
        p.put("transport.security.protocol", "SSL");
        p.put("endpoints", "ws://h:1/in");
        assertError(p, "transport.security.protocol", "use wss:// for WebSocket over TLS");
        p.put("endpoints", "http://h:1/in");
        assertError(p, "transport.security.protocol", "use https:// for HTTP/2 over TLS");
        p.put("endpoints", "uds:///tmp/in.sock");
        assertError(p, "transport.security.protocol", "has no TLS");
        p.put("endpoints", "tcp://0.0.0.0:9000");
        p.put("transport.accept", "true");
        assertError(p, "transport.ssl.keystore.location", "accepting side of the TLS endpoint 'tcp://0.0.0.0:9000'");
        p.put("transport.security.protocol", "TLS");
        assertError(p, "transport.security.protocol", "String must be one of");
    }

    @Test
    void spreadsEndpointsOverAtMostTasksMaxTasks() {
        Map<String, String> p = base();
        p.put("endpoints", "tcp://a:1,tcp://b:2,tcp://c:3");
        connector.start(p);
        List<Map<String, String>> two = connector.taskConfigs(2);
        assertThat(two).hasSize(2);
        assertThat(two.get(0).get("task.endpoints")).isEqualTo("tcp://a:1,tcp://b:2");
        assertThat(two.get(1).get("task.endpoints")).isEqualTo("tcp://c:3");
        assertThat(connector.taskConfigs(10)).hasSize(3);
        assertThat(two.get(0)).containsEntry("topic", "orders");
    }

    @Test
    void exactlyOnceOnlyWhereTheSourceCanBeReadAgain() {
        Map<String, String> p = base();
        assertThat(connector.exactlyOnceSupport(p)).isEqualTo(ExactlyOnceSupport.UNSUPPORTED);
        p.put("endpoints", "/data/a.arrows,/data/b.tlv");
        assertThat(connector.exactlyOnceSupport(p)).isEqualTo(ExactlyOnceSupport.SUPPORTED);
        p.put("endpoints", "/data/a.arrows,stdio:");
        assertThat(connector.exactlyOnceSupport(p)).isEqualTo(ExactlyOnceSupport.UNSUPPORTED);
        assertThat(connector.canDefineTransactionBoundaries(p)).isEqualTo(ConnectorTransactionBoundaries.SUPPORTED);
    }

    @Test
    void alterOffsetsAcceptsOurShapeAndRejectsOthers() {
        Map<Map<String, ?>, Map<String, ?>> good = new HashMap<>();
        good.put(Map.of("endpoint", "tcp://a:1"), Map.of("batch", 4L, "row", 10L));
        good.put(Map.of("endpoint", "tcp://a:1", "message", "ping"), Map.of("messages", 3));
        good.put(Map.of("endpoint", "tcp://b:1", "table", "t"), null);
        assertThat(connector.alterOffsets(base(), good)).isTrue();

        assertThatThrownBy(() -> connector.alterOffsets(base(), Map.of(Map.of("file", "x"), Map.of("batch", 1, "row", 0))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("needs a string 'endpoint'");
        assertThatThrownBy(() -> connector.alterOffsets(base(), Map.of(Map.of("endpoint", "x"), Map.of("batch", -1, "row", 0))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("non-negative integer 'batch'");
        assertThatThrownBy(() -> connector.alterOffsets(base(), Map.of(Map.of("endpoint", "x"), Map.of("batch", 1))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("non-negative integer 'row'");
    }

    @Test
    void isListedForServiceLoaderDiscovery() {
        assertThat(ServiceLoader.load(SourceConnector.class).stream().map(ServiceLoader.Provider::type))
                .contains(LightstreamSourceConnector.class);
    }
}
