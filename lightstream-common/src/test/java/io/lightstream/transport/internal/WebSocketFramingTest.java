package io.lightstream.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming WebSocket framing, driven through an {@link EmbeddedChannel} with its input split
 * at every possible boundary.
 */
class WebSocketFramingTest {

    /** Collects payload bytes, end signals and errors that the framing passes on. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int ends;
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            bytes.writeBytes(a);
            b.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == PipeTail.INPUT_END) {
                ends++;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }

    static byte[] frame(int opcode, boolean fin, byte[] payload, byte[] mask) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int maskBit = mask != null ? 0x80 : 0;
        int n = payload.length;
        if (n < 126) {
            out.write(maskBit | n);
        } else if (n < 65536) {
            out.write(maskBit | 126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) n >>> (8 * i)));
            }
        }
        if (mask != null) {
            out.writeBytes(mask);
            for (int i = 0; i < n; i++) {
                out.write(payload[i] ^ mask[i & 3]);
            }
        } else {
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Binary and continuation frames of each length form, a ping and a pong among them, then a close. */
    static byte[][] stream(boolean masked) {
        byte[] m = masked ? new byte[] {0x11, 0x22, 0x33, 0x44} : null;
        byte[] a = bytes(3, 1);
        byte[] b = bytes(200, 2);
        byte[] c = bytes(70_000, 3);
        byte[] d = bytes(0, 4);
        byte[] wire = concat(frame(2, false, a, m), frame(9, true, new byte[] {'p'}, m), frame(0, true, b, m),
                frame(2, true, c, m), frame(10, true, new byte[0], m), frame(2, true, d, m),
                frame(8, true, new byte[] {0x03, (byte) 0xe8}, m));
        return new byte[][] {wire, concat(a, b, c, d)};
    }

    private static Sink run(boolean client, byte[] wire, int... cuts) {
        Sink sink = new Sink();
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFraming(client), sink);
        int from = 0;
        // copies: the framing unmasks received bytes in place
        for (int cut : cuts) {
            ch.writeInbound(Unpooled.copiedBuffer(wire, from, cut - from));
            from = cut;
        }
        ch.writeInbound(Unpooled.copiedBuffer(wire, from, wire.length - from));
        Object out;
        while ((out = ch.readOutbound()) != null) {
            ((ByteBuf) out).release();
        }
        ch.finishAndReleaseAll();
        return sink;
    }

    @Test
    void serverSideSplitAtEveryBoundary() {
        byte[][] s = stream(true);
        // every single split point, then every byte on its own
        for (int cut = 1; cut < s[0].length; cut += cut < 300 || cut > s[0].length - 300 ? 1 : 997) {
            Sink sink = run(false, s[0], cut);
            assertThat(sink.bytes.toByteArray()).as("split at %d", cut).isEqualTo(s[1]);
            assertThat(sink.ends).isEqualTo(1);
            assertThat(sink.errors).isEmpty();
        }
        int[] every = new int[s[0].length - 1];
        for (int i = 0; i < every.length; i++) {
            every[i] = i + 1;
        }
        Sink oneByOne = run(false, s[0], every);
        assertThat(oneByOne.bytes.toByteArray()).isEqualTo(s[1]);
        assertThat(oneByOne.ends).isEqualTo(1);
    }

    @Test
    void clientSideReadsUnmaskedFrames() {
        byte[][] s = stream(false);
        for (int cut = 1; cut < 400; cut++) {
            Sink sink = run(true, s[0], cut, Math.min(s[0].length - 1, cut + 70_001));
            assertThat(sink.bytes.toByteArray()).as("split at %d", cut).isEqualTo(s[1]);
            assertThat(sink.ends).isEqualTo(1);
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFraming(false), new Sink());
        ch.writeInbound(Unpooled.wrappedBuffer(frame(9, true, new byte[] {1, 2, 3}, new byte[] {9, 8, 7, 6})));
        ByteBuf pong = ch.readOutbound();
        assertThat(pong.getByte(0) & 0xff).isEqualTo(0x8A);
        assertThat(pong.getByte(1) & 0xff).as("server frames are not masked").isEqualTo(3);
        assertThat(new byte[] {pong.getByte(2), pong.getByte(3), pong.getByte(4)}).containsExactly(1, 2, 3);
        pong.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void clientFramesAreMaskedAndRoundTrip() {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocketFraming(true));
        byte[] payload = bytes(100_003, 7);
        client.writeOutbound(Unpooled.wrappedBuffer(payload));
        client.writeOutbound(WebSocketFraming.CLOSE_NORMAL);
        Sink sink = new Sink();
        EmbeddedChannel server = new EmbeddedChannel(new WebSocketFraming(false), sink);
        ByteBuf out;
        while ((out = client.readOutbound()) != null) {
            assertThat(out.getByte(1) & 0x80).as("mask bit").isEqualTo(0x80);
            server.writeInbound(out);
        }
        assertThat(sink.bytes.toByteArray()).isEqualTo(payload);
        assertThat(sink.ends).isEqualTo(1);
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void closeIsAnsweredAndBothClosesEndTheConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFraming(false), new Sink());
        ch.writeOutbound(WebSocketFraming.CLOSE_NORMAL);
        ByteBuf close = ch.readOutbound();
        assertThat(close.getByte(0) & 0xff).isEqualTo(0x88);
        assertThat(close.getShort(2)).isEqualTo((short) 1000);
        close.release();
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(Unpooled.wrappedBuffer(frame(8, true, new byte[] {0x03, (byte) 0xe8}, new byte[] {1, 2, 3, 4})));
        assertThat(ch.isOpen()).as("closed once both sides sent close").isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void protocolErrors() {
        byte[] mask = {1, 2, 3, 4};
        assertError(false, frame(1, true, "hi".getBytes(), mask), "text frame");
        assertError(false, frame(2, true, new byte[] {1}, null), "unmasked WebSocket frame from a client");
        assertError(true, frame(2, true, new byte[] {1}, mask), "masked WebSocket frame from the server");
        byte[] rsv = frame(2, true, new byte[] {1}, mask);
        rsv[0] |= 0x40;
        assertError(false, rsv, "reserved bits");
        assertError(false, frame(9, true, new byte[126], mask), "control frame");
        assertError(false, frame(9, false, new byte[1], mask), "control frame");
        assertError(false, frame(5, true, new byte[1], mask), "opcode 5");
        byte[] negative = {(byte) 0x82, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        assertError(false, negative, "negative");
    }

    private static void assertError(boolean client, byte[] wire, String message) {
        Sink sink = new Sink();
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFraming(client), sink);
        ch.writeInbound(Unpooled.wrappedBuffer(wire));
        assertThat(sink.errors).as(message).hasSize(1);
        assertThat(sink.errors.get(0)).isInstanceOf(WireProtocolException.class).hasMessageContaining(message);
        ByteBuf close = ch.readOutbound();
        assertThat(close.getByte(0) & 0x0f).as("close frame sent").isEqualTo(8);
        if (!client) {
            assertThat(close.getShort(2)).as("status 1002, protocol error").isEqualTo((short) 1002);
        }
        close.release();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
