package io.lightstream.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One HTTP/2 stream as a byte stream, on an {@link EmbeddedChannel}. */
class Http2StreamBytesTest {
    final List<Throwable> failures = new ArrayList<>();
    int ready;

    private EmbeddedChannel channel(boolean client, WebSocketFramingTest.Sink sink) {
        return new EmbeddedChannel(new Http2StreamBytes(client, ctx -> ready++, failures::add,
                new Http2ConnectionErrors(t -> { })), sink);
    }

    @Test
    void clientReadsTheResponseBodyInAnySplit() {
        byte[] body = WebSocketFramingTest.bytes(5000, 3);
        for (int cut = 0; cut <= body.length; cut += 97) {
            WebSocketFramingTest.Sink sink = new WebSocketFramingTest.Sink();
            EmbeddedChannel ch = channel(true, sink);
            ch.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
            ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(body, 0, cut), false));
            ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(body, cut, body.length - cut), true));
            assertThat(sink.bytes.toByteArray()).isEqualTo(body);
            assertThat(sink.ends).isEqualTo(1);
            ch.finishAndReleaseAll();
        }
        assertThat(ready).isEqualTo(body.length / 97 + 1);
        assertThat(failures).isEmpty();
    }

    @Test
    void nonSuccessStatusFailsTheStream() {
        EmbeddedChannel ch = channel(true, new WebSocketFramingTest.Sink());
        ch.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("404"), true));
        assertThat(ready).isZero();
        assertThat(failures).singleElement().satisfies(t -> assertThat(t).hasMessageContaining("status 404"));
        ch.finishAndReleaseAll();
    }

    @Test
    void resetIsAnError() {
        WebSocketFramingTest.Sink sink = new WebSocketFramingTest.Sink();
        EmbeddedChannel ch = channel(true, sink);
        ch.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
        ch.writeInbound(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
        assertThat(sink.errors).singleElement().satisfies(t -> assertThat(t).hasMessageContaining("reset"));
        ch.finishAndReleaseAll();
    }

    @Test
    void serverAnswers200AndStreamsBytesAndTheEnd() {
        WebSocketFramingTest.Sink sink = new WebSocketFramingTest.Sink();
        EmbeddedChannel ch = channel(false, sink);
        ch.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("POST").path("/x"), false));
        Http2HeadersFrame answer = ch.readOutbound();
        assertThat(answer.headers().status().toString()).isEqualTo("200");
        assertThat(answer.isEndStream()).as("the response stays open").isFalse();
        assertThat(ready).isEqualTo(1);
        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        ch.writeOutbound(Http2StreamBytes.END_STREAM);
        Http2DataFrame data = ch.readOutbound();
        assertThat(data.content().readableBytes()).isEqualTo(3);
        assertThat(data.isEndStream()).isFalse();
        data.release();
        Http2DataFrame end = ch.readOutbound();
        assertThat(end.isEndStream()).isTrue();
        end.release();
        ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[] {9}), true));
        assertThat(sink.bytes.toByteArray()).containsExactly(9);
        assertThat(sink.ends).isEqualTo(1);
        ch.finishAndReleaseAll();
        Object leftover;
        while ((leftover = ch.readOutbound()) != null) {
            ((ByteBuf) leftover).release();
        }
    }
}
