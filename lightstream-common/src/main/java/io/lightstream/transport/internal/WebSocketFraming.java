package io.lightstream.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WebSocket (RFC 6455) framing after the upgrade, as a byte stream: every binary or continuation
 * payload is passed on as it arrives (no waiting for a whole message, so a 1 GiB message costs no
 * extra buffer), every outbound {@link ByteBuf} becomes one unfragmented binary frame.
 *
 * <p>Control frames: a ping is answered with a pong, a pong is ignored, a close ends the input
 * ({@link PipeTail#INPUT_END}); {@link #CLOSE_NORMAL} written to the channel sends close code 1000.
 * Once both sides sent a close, the connection is closed. A text frame, reserved bits, an unknown
 * opcode, a fragmented or oversized control frame, or a frame masked the wrong way for its
 * direction is a protocol error: close code 1002 is sent and a {@link WireProtocolException} raised.
 *
 * <p>The client masks what it sends, which needs one copy of the payload; the server sends Arrow
 * memory as it is. Received masked payloads are unmasked in place. Event-loop confined.
 */
final class WebSocketFraming extends ChannelDuplexHandler {
    /** Outbound message: send a close frame with status 1000 (normal closure). */
    static final Object CLOSE_NORMAL = new Object() {
        @Override
        public String toString() {
            return "CLOSE_NORMAL";
        }
    };

    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;

    private final boolean client;
    private final byte[] header = new byte[14];
    private int headerRead;
    private int opcode;
    private boolean fin;
    private boolean masked;
    private final byte[] mask = new byte[4];
    private long payloadLeft;
    private long maskOffset;
    private boolean inPayload;
    private byte[] control;
    private int controlRead;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean broken;

    WebSocketFraming(boolean client) {
        this.client = client;
    }

    // ---- inbound ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (in.isReadable() && !broken) {
                if (!inPayload) {
                    if (!readHeader(in)) {
                        return;
                    }
                    startFrame(ctx);
                    if (broken) {
                        return;
                    }
                    if (payloadLeft == 0) {
                        endFrame(ctx);
                    }
                    continue;
                }
                int n = (int) Math.min(payloadLeft, in.readableBytes());
                if (control != null) {
                    in.readBytes(control, controlRead, n);
                    unmask(control, controlRead, n);
                    controlRead += n;
                    payloadLeft -= n;
                } else {
                    ByteBuf slice = in.readRetainedSlice(n);
                    if (masked) {
                        unmask(slice);
                    }
                    payloadLeft -= n;
                    if (closeReceived) {
                        slice.release();
                    } else {
                        ctx.fireChannelRead(slice);
                    }
                }
                if (payloadLeft == 0) {
                    endFrame(ctx);
                }
            }
        } finally {
            in.release();
        }
    }

    /** Accumulates header bytes; true once the whole header (with extended length and mask) is in. */
    private boolean readHeader(ByteBuf in) {
        while (in.isReadable()) {
            int need = headerLength();
            if (headerRead >= need) {
                return true;
            }
            header[headerRead++] = in.readByte();
        }
        return headerRead >= headerLength();
    }

    private int headerLength() {
        if (headerRead < 2) {
            return 2;
        }
        int len7 = header[1] & 0x7f;
        int ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        return 2 + ext + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    private void startFrame(ChannelHandlerContext ctx) {
        int b0 = header[0] & 0xff;
        int b1 = header[1] & 0xff;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0f;
        masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7f;
        long len;
        int pos = 2;
        if (len7 == 126) {
            len = ((header[2] & 0xffL) << 8) | (header[3] & 0xffL);
            pos = 4;
        } else if (len7 == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | (header[2 + i] & 0xffL);
            }
            pos = 10;
        } else {
            len = len7;
        }
        if (masked) {
            System.arraycopy(header, pos, mask, 0, 4);
        }
        headerRead = 0;
        maskOffset = 0;
        payloadLeft = len;
        inPayload = true;
        control = null;
        if ((b0 & 0x70) != 0) {
            protocolError(ctx, "WebSocket frame with reserved bits set (no extension was negotiated)");
            return;
        }
        if (len < 0) {
            protocolError(ctx, "WebSocket frame length field is negative");
            return;
        }
        if (client && masked) {
            protocolError(ctx, "masked WebSocket frame from the server");
            return;
        }
        if (!client && !masked) {
            protocolError(ctx, "unmasked WebSocket frame from a client");
            return;
        }
        switch (opcode) {
            case OP_BINARY, OP_CONTINUATION -> {
            }
            case OP_TEXT -> protocolError(ctx, "WebSocket text frame received; Lightstream streams are binary frames only");
            case OP_CLOSE, OP_PING, OP_PONG -> {
                if (!fin || len > 125) {
                    protocolError(ctx, "WebSocket control frame (opcode " + opcode + ") fragmented or longer than 125 bytes");
                    return;
                }
                control = new byte[(int) len];
                controlRead = 0;
            }
            default -> protocolError(ctx, "unsupported WebSocket opcode " + opcode);
        }
    }

    private void endFrame(ChannelHandlerContext ctx) {
        inPayload = false;
        if (control == null) {
            return;
        }
        byte[] body = control;
        control = null;
        switch (opcode) {
            case OP_PING -> {
                if (!closeSent) {
                    ctx.writeAndFlush(frame(ctx, OP_PONG, body));
                }
            }
            case OP_CLOSE -> {
                if (!closeReceived) {
                    closeReceived = true;
                    ctx.fireUserEventTriggered(PipeTail.INPUT_END);
                    if (closeSent) {
                        ctx.close();
                    }
                }
            }
            default -> {
                // pong: nothing to do
            }
        }
    }

    private void protocolError(ChannelHandlerContext ctx, String message) {
        broken = true;
        inPayload = false;
        if (!closeSent) {
            closeSent = true;
            ctx.writeAndFlush(frame(ctx, OP_CLOSE, new byte[] {0x03, (byte) 0xea}))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireExceptionCaught(new WireProtocolException(message));
    }

    private void unmask(byte[] b, int off, int n) {
        if (!masked) {
            return;
        }
        for (int i = 0; i < n; i++) {
            b[off + i] ^= mask[(int) ((maskOffset + i) & 3)];
        }
        maskOffset += n;
    }

    private void unmask(ByteBuf slice) {
        int n = slice.readableBytes();
        int start = (int) (maskOffset & 3);
        if (slice.nioBufferCount() == 1) {
            // one shared view of the memory: bulk long-wise work without per-access buffer checks
            ByteBuffer view = slice.nioBuffer(slice.readerIndex(), n);
            xor(view, view, mask, start);
        } else {
            int idx = slice.readerIndex();
            for (int i = 0; i < n; i++) {
                slice.setByte(idx + i, slice.getByte(idx + i) ^ mask[(start + i) & 3]);
            }
        }
        maskOffset += n;
    }

    /**
     * Writes {@code src} xor the repeating 4-byte {@code key} (starting at key byte {@code start})
     * into {@code dst}; both are consumed from their positions. {@code dst} may be {@code src}.
     */
    static void xor(ByteBuffer src, ByteBuffer dst, byte[] key, int start) {
        int n = src.remaining();
        int sp = src.position();
        int dp = dst.position();
        ByteOrder so = src.order();
        ByteOrder dOrder = dst.order();
        src.order(ByteOrder.BIG_ENDIAN);
        dst.order(ByteOrder.BIG_ENDIAN);
        int rotated = 0;
        for (int k = 0; k < 4; k++) {
            rotated = (rotated << 8) | (key[(start + k) & 3] & 0xff);
        }
        long m8 = ((rotated & 0xffffffffL) << 32) | (rotated & 0xffffffffL);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            dst.putLong(dp + i, src.getLong(sp + i) ^ m8);
        }
        for (; i < n; i++) {
            dst.put(dp + i, (byte) (src.get(sp + i) ^ key[(start + i) & 3]));
        }
        src.position(sp + n);
        dst.position(dp + n);
        src.order(so);
        dst.order(dOrder);
    }

    // ---- outbound ----

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg == CLOSE_NORMAL) {
            if (closeSent) {
                promise.setSuccess();
                return;
            }
            closeSent = true;
            ctx.write(frame(ctx, OP_CLOSE, new byte[] {0x03, (byte) 0xe8}), promise);
            ctx.flush();
            if (closeReceived) {
                promise.addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        if (!(msg instanceof ByteBuf data)) {
            ctx.write(msg, promise);
            return;
        }
        if (closeSent) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new WireProtocolException("WebSocket close already sent"));
            return;
        }
        int n = data.readableBytes();
        if (client) {
            ByteBuf out = ctx.alloc().directBuffer(maxHeader(n) + n);
            byte[] key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
            writeHeader(out, OP_BINARY, n, key);
            ByteBuffer dst = out.nioBuffer(out.writerIndex(), n);
            ByteBuffer src = data.nioBufferCount() == 1 ? data.nioBuffer(data.readerIndex(), n) : data.nioBuffer();
            xor(src, dst, key, 0);
            out.writerIndex(out.writerIndex() + n);
            data.release();
            ctx.write(out, promise);
        } else {
            ByteBuf head = ctx.alloc().directBuffer(maxHeader(n));
            writeHeader(head, OP_BINARY, n, null);
            ctx.write(head);
            ctx.write(data, promise);
        }
    }

    private ByteBuf frame(ChannelHandlerContext ctx, int op, byte[] body) {
        ByteBuf out = ctx.alloc().buffer(maxHeader(body.length) + body.length);
        byte[] key = null;
        if (client) {
            key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
        }
        writeHeader(out, op, body.length, key);
        for (int i = 0; i < body.length; i++) {
            out.writeByte(key == null ? body[i] : body[i] ^ key[i & 3]);
        }
        return out;
    }

    /** Largest frame header: 2 bytes, 8 bytes of extended length, 4 bytes of mask. */
    private static int maxHeader(int payload) {
        return payload < 126 ? 6 : payload < 65536 ? 8 : 14;
    }

    private static void writeHeader(ByteBuf out, int op, long n, byte[] key) {
        out.writeByte(0x80 | op);
        int maskBit = key != null ? 0x80 : 0;
        if (n < 126) {
            out.writeByte(maskBit | (int) n);
        } else if (n < 65536) {
            out.writeByte(maskBit | 126);
            out.writeShort((int) n);
        } else {
            out.writeByte(maskBit | 127);
            out.writeLong(n);
        }
        if (key != null) {
            out.writeBytes(key);
        }
    }
}
