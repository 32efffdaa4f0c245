package io.lightstream.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.ProtocolException;
import org.junit.jupiter.api.Test;

/** Tests for {@link TypeRegistry}. */
class TypeRegistryTest {
    @Test
    void messagesAndTablesShareOneCounterInRegistrationOrder() throws Exception {
        TypeRegistry r = new TypeRegistry();
        assertThat(r.registerMessage("event")).isZero();
        assertThat(r.registerTable("metrics")).isEqualTo(1);
        assertThat(r.registerMessage("log")).isEqualTo(2);
        assertThat(r.byTag(1).name()).isEqualTo("metrics");
        assertThat(r.byTag(3)).isNull();
        assertThat(r.require("event", TypeRegistry.Kind.MESSAGE).tag()).isZero();
    }

    @Test
    void the257thRegistrationIsAnErrorNotAWrapAround() throws Exception {
        TypeRegistry r = new TypeRegistry();
        for (int i = 0; i < 256; i++) {
            assertThat(r.registerMessage("m" + i)).isEqualTo(i);
        }
        assertThatThrownBy(() -> r.registerTable("one-too-many")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("at most 256 types");
        assertThat(r.size()).isEqualTo(256);
    }

    @Test
    void misuseIsNamed() throws Exception {
        TypeRegistry r = new TypeRegistry();
        r.registerMessage("event");
        assertThatThrownBy(() -> r.registerTable("event")).hasMessageContaining("already registered as tag 0");
        assertThatThrownBy(() -> r.require("nope", TypeRegistry.Kind.TABLE)).hasMessageContaining("unknown type name 'nope'");
        assertThatThrownBy(() -> r.require("event", TypeRegistry.Kind.TABLE)).hasMessageContaining("is not a table type");
    }
}
