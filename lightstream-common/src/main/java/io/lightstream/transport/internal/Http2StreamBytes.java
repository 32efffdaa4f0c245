package io.lightstream.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * One HTTP/2 stream as a byte stream: DATA payloads in, DATA frames out, END_STREAM both ways.
 *
 * <p>Client side: the request headers were sent by whoever opened the stream; the first response
 * headers must carry a 2xx status, and then the stream is ready. Server side: the request headers
 * are answered with {@code 200} and the stream is ready; the response stays open even on a reading
 * server, which ends it only when the request body has ended, so that a writer knows everything
 * arrived.
 *
 * <p>Flow control: Netty returns a DATA frame's bytes to the peer's window when the frame is read
 * by this stream channel, so with auto-read off the window closes and the peer stops.
 * Event-loop confined.
 */
final class Http2StreamBytes extends ChannelDuplexHandler {
    /** Outbound message: end this side's half of the stream (an empty DATA frame with END_STREAM). */
    static final Object END_STREAM = new Object() {
        @Override
        public String toString() {
            return "END_STREAM";
        }
    };

    private final boolean client;
    private final Consumer<ChannelHandlerContext> ready;
    private final Consumer<Throwable> failed;
    private final Http2ConnectionErrors errors;
    private boolean headersSeen;
    private boolean inputEnded;

    /**
     * @param ready called once when the stream carries bytes (response headers seen, or request
     *     headers answered)
     * @param failed called if the stream fails before that
     * @param errors where the connection records its own failure, to name it when the stream dies of it
     */
    Http2StreamBytes(boolean client, Consumer<ChannelHandlerContext> ready, Consumer<Throwable> failed,
            Http2ConnectionErrors errors) {
        this.client = client;
        this.ready = ready;
        this.failed = failed;
        this.errors = errors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame h) {
                if (!headersSeen) {
                    headersSeen = true;
                    if (client) {
                        CharSequence status = h.headers().status();
                        if (status == null || status.length() != 3 || status.charAt(0) != '2') {
                            fail(ctx, new WireProtocolException("the HTTP/2 peer answered with status " + status
                                    + " instead of 2xx"));
                            return;
                        }
                    } else {
                        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
                    }
                    ready.accept(ctx);
                }
                if (h.isEndStream()) {
                    endInput(ctx);
                }
            } else if (msg instanceof Http2DataFrame d) {
                if (!headersSeen) {
                    fail(ctx, new WireProtocolException("HTTP/2 DATA before headers"));
                    return;
                }
                if (d.content().isReadable() && !inputEnded) {
                    ctx.fireChannelRead(d.content().retain());
                }
                if (d.isEndStream()) {
                    endInput(ctx);
                }
            } else if (msg instanceof Http2ResetFrame r) {
                fail(ctx, new WireProtocolException("the peer reset the HTTP/2 stream (error code " + r.errorCode() + ")"));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void endInput(ChannelHandlerContext ctx) {
        if (!inputEnded) {
            inputEnded = true;
            ctx.fireUserEventTriggered(PipeTail.INPUT_END);
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (!headersSeen || client && !inputEnded) {
            failed.accept(cause);
        }
        ctx.fireExceptionCaught(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Throwable connectionError = errors.error();
        if (!headersSeen) {
            failed.accept(connectionError != null ? connectionError
                    : new WireProtocolException("HTTP/2 stream closed before it was answered"));
        } else if (connectionError != null && !inputEnded) {
            ctx.fireExceptionCaught(connectionError);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg == END_STREAM) {
            ctx.write(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true), promise);
            ctx.flush();
        } else if (msg instanceof ByteBuf b) {
            ctx.write(new DefaultHttp2DataFrame(b, false), promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
