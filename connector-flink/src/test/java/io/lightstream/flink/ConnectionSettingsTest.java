package io.lightstream.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Compression;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.protocol.TypeRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Tests for {@link ConnectionSettings}. */
class ConnectionSettingsTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.nullable("a", new ArrowType.Int(32, true))));

    @Test
    void parsesRegistrations() {
        assertThat(ConnectionSettings.Registration.parse(" table : trades ").toString()).isEqualTo("table:trades");
        assertThat(ConnectionSettings.Registration.parse("MESSAGE:hb").isTable()).isFalse();
        for (String bad : new String[] {"trades", "table:", "view:x", ":x"}) {
            assertThatThrownBy(() -> ConnectionSettings.Registration.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void choosesTheTableAndProtocol() {
        ConnectionSettings one = ConnectionSettings.builder()
                .register(ConnectionSettings.Registration.message("hb"))
                .register(ConnectionSettings.Registration.table("trades"))
                .build();
        assertThat(one.effectiveTable()).isEqualTo("trades");
        assertThat(one.isLightstreamProtocol("data.tlv")).isTrue();
        assertThat(one.isLightstreamProtocol("data.arrows")).isFalse();
        assertThat(one.isLightstreamProtocol("tcp://h:1")).isFalse();
        ConnectionSettings explicit = ConnectionSettings.builder().protocol(Protocol.LIGHTSTREAM).build();
        assertThat(explicit.isLightstreamProtocol("tcp://h:1")).isTrue();
        assertThat(explicit.effectiveTable()).isNull();
        assertThat(ConnectionSettings.isReplayable("/data/x.arrows")).isTrue();
        assertThat(ConnectionSettings.isReplayable("file:///data/x.arrows")).isTrue();
        assertThat(ConnectionSettings.isReplayable("tcp://h:1")).isFalse();
        assertThat(ConnectionSettings.isReplayable("stdio:")).isFalse();
    }

    @Test
    void buildsReadAndWriteOptionsInRegistrationOrder() {
        ConnectionSettings settings = ConnectionSettings.builder()
                .register(ConnectionSettings.Registration.message("hb"))
                .register(ConnectionSettings.Registration.table("quotes"))
                .register(ConnectionSettings.Registration.table("trades"))
                .table("trades")
                .accept(true)
                .connectRetries(5)
                .readTimeout(Duration.ofSeconds(3))
                .compression(Compression.ZSTD)
                .memoryLimit(1 << 20)
                .property("delimiter", ";")
                .build();
        ReadOptions read = settings.readOptions(null, List.of("a"));
        assertThat(read.registrations()).extracting(TypeRegistry.Entry::name).containsExactly("hb", "quotes", "trades");
        assertThat(read.registrations()).extracting(TypeRegistry.Entry::tag).containsExactly(0, 1, 2);
        assertThat(read.memoryLimit()).isEqualTo(1 << 20);
        assertThat(read.columns()).containsExactly("a");
        assertThat(read.transport().accept()).isTrue();
        assertThat(read.transport().connectRetries()).isEqualTo(5);
        assertThat(read.transport().readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(read.property("delimiter", null)).isEqualTo(";");
        WriteOptions write = settings.writeOptions("out.tlv", SCHEMA);
        assertThat(write.compression()).isEqualTo(Compression.ZSTD);
        assertThat(write.registrations()).extracting(TypeRegistry.Entry::name).containsExactly("hb", "quotes", "trades");
        assertThat(write.registrations().get(2).schema()).isEqualTo(SCHEMA);
        assertThat(write.registrations().get(1).schema()).isNull();
        WriteOptions arrow = settings.writeOptions("out.arrows", SCHEMA);
        assertThat(arrow.registrations()).isEmpty();
        WriteOptions unregistered = ConnectionSettings.builder().table("t").build().writeOptions("x.tlv", SCHEMA);
        assertThat(unregistered.registrations()).extracting(TypeRegistry.Entry::name).containsExactly("t");
        // the reading side registers the unregistered table as the writing side does, so both give it tag 0
        ReadOptions unregisteredRead = ConnectionSettings.builder().protocol(Protocol.LIGHTSTREAM).table("t").build()
                .readOptions(null, null);
        assertThat(unregisteredRead.registrations()).extracting(TypeRegistry.Entry::name).containsExactly("t");
        assertThat(unregisteredRead.registrations()).extracting(TypeRegistry.Entry::tag).containsExactly(0);
    }

    @Test
    void rejectsInconsistentSettings() {
        assertThatThrownBy(() -> ConnectionSettings.builder()
                        .register(ConnectionSettings.Registration.table("quotes")).table("trades").build())
                .hasMessageContaining("table 'trades' is not among the registrations");
        assertThatThrownBy(() -> ConnectionSettings.builder().parallel(0)).hasMessageContaining("parallel");
        assertThatThrownBy(() -> ConnectionSettings.builder().memoryLimit(0)).hasMessageContaining("memoryLimit");
        assertThatThrownBy(() -> ConnectionSettings.builder().parallel(300).build()).hasMessageContaining("parallel");
        assertThatThrownBy(() -> ConnectionSettings.builder().build().writeOptions("x.tlv", SCHEMA))
                .hasMessageContaining("needs a table name");
    }

    @Test
    void isSerializable() throws Exception {
        ConnectionSettings settings = ConnectionSettings.builder().tlsCa("/etc/ca.pem").table("t").build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ConnectionSettings back = (ConnectionSettings) in.readObject();
            assertThat(back.toString()).isEqualTo(settings.toString());
            assertThat(back.transportOptions().tlsCa()).hasToString("/etc/ca.pem");
        }
    }
}
