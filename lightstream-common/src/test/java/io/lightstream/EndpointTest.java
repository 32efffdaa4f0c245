package io.lightstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tests for {@link Endpoint}. */
class EndpointTest {
    @Test
    void parsesEveryForm() {
        assertThat(Endpoint.parse("data.arrow").scheme()).isEqualTo(Endpoint.Scheme.FILE);
        assertThat(Endpoint.parse("/abs/data.arrow").path()).isEqualTo("/abs/data.arrow");
        assertThat(Endpoint.parse("file:///tmp/x.arrows").path()).isEqualTo("/tmp/x.arrows");
        assertThat(Endpoint.parse("file:rel/x.tlv").path()).isEqualTo("rel/x.tlv");
        for (String s : new String[] {"stdio:", "stdio://", "-", "STDIO:"}) {
            assertThat(Endpoint.parse(s).scheme()).as(s).isEqualTo(Endpoint.Scheme.STDIO);
        }
        Endpoint tcp = Endpoint.parse("tcp://127.0.0.1:9000");
        assertThat(tcp.scheme()).isEqualTo(Endpoint.Scheme.TCP);
        assertThat(tcp.host()).isEqualTo("127.0.0.1");
        assertThat(tcp.port()).isEqualTo(9000);
        assertThat(tcp.address()).isEqualTo("127.0.0.1:9000");
        Endpoint v6 = Endpoint.parse("quic://[::1]:4433");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.address()).isEqualTo("[::1]:4433");
        assertThat(Endpoint.parse("uds:///tmp/ls.sock").path()).isEqualTo("/tmp/ls.sock");
        assertThat(Endpoint.parse("wss://h:8443/stream").path()).isEqualTo("/stream");
        assertThat(Endpoint.parse("https://h/x").port()).isEqualTo(443);
        assertThat(Endpoint.parse("C:/not/a/scheme.arrow").scheme()).isEqualTo(Endpoint.Scheme.FILE);
    }

    @Test
    void rejectsWithReasons() {
        assertThatThrownBy(() -> Endpoint.parse("ftp://h:1")).hasMessageContaining("unknown URI scheme 'ftp'");
        assertThatThrownBy(() -> Endpoint.parse("tcp://h")).hasMessageContaining("needs a port");
        assertThatThrownBy(() -> Endpoint.parse("tcp://:9000")).hasMessageContaining("needs a host");
        assertThatThrownBy(() -> Endpoint.parse("uds://relative.sock")).hasMessageContaining("absolute socket path");
        assertThatThrownBy(() -> Endpoint.parse(" ")).hasMessageContaining("empty URI");
    }

    @Test
    void formatsByExtension() {
        assertThat(Format.fromFileName("a.ARROW")).contains(Format.ARROW_FILE);
        assertThat(Format.fromFileName("a.feather")).contains(Format.ARROW_FILE);
        assertThat(Format.fromFileName("a.arrows")).contains(Format.ARROW_STREAM);
        assertThat(Format.fromFileName("a.lightstream")).contains(Format.LIGHTSTREAM);
        assertThat(Format.fromFileName("a.pq")).contains(Format.PARQUET);
        assertThat(Format.fromFileName("a.ndjson")).contains(Format.NDJSON);
        assertThat(Format.fromFileName("a.txt")).isEmpty();
        assertThat(Format.parse("stream")).isEqualTo(Format.ARROW_STREAM);
        assertThatThrownBy(() -> Format.parse("xml")).hasMessageContaining("unknown format 'xml'");
    }
}
