package io.lightstream.transport.internal;

import io.lightstream.Endpoint;
import io.lightstream.transport.TransportOptions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * WebSocket ({@code ws://}, and {@code wss://} inside TLS): an HTTP/1.1 upgrade on a fresh
 * connection, then {@link WebSocketFraming} turns binary frames into the pipe's byte stream.
 *
 * <p>The connecting side sends {@code GET path} with a fresh key and checks the {@code 101} reply
 * and its {@code Sec-WebSocket-Accept}; the accepting side answers any path. No subprotocol, no
 * extension. Stateless and thread-safe.
 */
final class WebSocketBinding extends SocketBinding {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HANDSHAKE_BYTES = 16 * 1024;

    WebSocketBinding() {
        super(false);
    }

    @Override
    protected boolean halfClosure() {
        return false;
    }

    @Override
    protected boolean directReceive() {
        return false;
    }

    static Pipe webSocketPipe(Channel ch, Endpoint e, EventLoops loops) {
        return new Pipe(ch, e.scheme().id(), e.address(), c -> c.writeAndFlush(WebSocketFraming.CLOSE_NORMAL),
                null, loops);
    }

    @Override
    protected Upgrade clientUpgrade(Endpoint e, TransportOptions o, Role role, EventLoops loops) {
        return (ch, count, ready, failed) -> {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            ChannelPipeline p = ch.pipeline();
            p.addLast("ws-http", new HttpClientCodec());
            p.addLast("ws-aggregate", new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
            p.addLast("ws-handshake", new ClientHandshake(e, key, loops, ready, failed));
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, e.path());
            boolean defaultPort = e.port() == (e.scheme().isTls() ? 443 : 80);
            req.headers().set(HttpHeaderNames.HOST, defaultPort ? e.host() : e.host() + ":" + e.port())
                    .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                    .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, key)
                    .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            ch.writeAndFlush(req).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    failed.accept(f.cause());
                }
            });
        };
    }

    @Override
    protected Upgrade serverUpgrade(Endpoint e, TransportOptions o, Role role, EventLoops loops) {
        return (ch, count, ready, failed) -> {
            ChannelPipeline p = ch.pipeline();
            p.addLast("ws-http", new HttpServerCodec());
            p.addLast("ws-aggregate", new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
            p.addLast("ws-handshake", new ServerHandshake(e, loops, ready, failed));
        };
    }

    static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-1 missing from the JDK", ex);
        }
    }

    private static boolean headerContains(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** After a successful handshake: framing in, HTTP out, pending bytes passed on. */
    private static void switchToFrames(ChannelHandlerContext ctx, boolean client) {
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), "ws-framing", new WebSocketFraming(client));
        p.remove("ws-http");
        p.remove("ws-aggregate");
        p.remove(ctx.name());
    }

    private static final class ClientHandshake extends ChannelInboundHandlerAdapter {
        private final Endpoint endpoint;
        private final String key;
        private final EventLoops loops;
        private final Consumer<Pipe> ready;
        private final Consumer<Throwable> failed;
        private boolean done;

        ClientHandshake(Endpoint endpoint, String key, EventLoops loops, Consumer<Pipe> ready,
                Consumer<Throwable> failed) {
            this.endpoint = endpoint;
            this.key = key;
            this.loops = loops;
            this.ready = ready;
            this.failed = failed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (done) {
                ctx.fireChannelRead(msg);
                return;
            }
            if (msg instanceof ByteBuf) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                if (!(msg instanceof FullHttpResponse res)) {
                    fail(ctx, "unexpected reply to the WebSocket upgrade: " + msg.getClass().getSimpleName());
                    return;
                }
                if (res.decoderResult().isFailure()) {
                    fail(ctx, "the peer did not answer with HTTP (" + res.decoderResult().cause().getMessage()
                            + "); is it a WebSocket server?");
                    return;
                }
                if (res.status().code() != 101) {
                    fail(ctx, "WebSocket upgrade refused: HTTP " + res.status());
                    return;
                }
                String accept = res.headers().get(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
                if (!acceptKey(key).equals(accept)
                        || !"websocket".equalsIgnoreCase(res.headers().get(HttpHeaderNames.UPGRADE))) {
                    fail(ctx, "WebSocket upgrade answered without a valid Upgrade/Sec-WebSocket-Accept header");
                    return;
                }
                done = true;
                // the pipe's tail must be in place before the switch: frames that came in the same
                // segment as the 101 reply flow through as soon as the HTTP codec is removed
                Pipe pipe = webSocketPipe(ctx.channel(), endpoint, loops);
                switchToFrames(ctx, true);
                ready.accept(pipe);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!done) {
                done = true;
                failed.accept(cause);
                ctx.close();
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done) {
                done = true;
                failed.accept(new WireProtocolException("connection closed during the WebSocket upgrade"));
            }
            ctx.fireChannelInactive();
        }

        private void fail(ChannelHandlerContext ctx, String message) {
            done = true;
            failed.accept(new WireProtocolException(message));
            ctx.close();
        }
    }

    private static final class ServerHandshake extends ChannelInboundHandlerAdapter {
        private final Endpoint endpoint;
        private final EventLoops loops;
        private final Consumer<Pipe> ready;
        private final Consumer<Throwable> failed;
        private boolean done;

        ServerHandshake(Endpoint endpoint, EventLoops loops, Consumer<Pipe> ready, Consumer<Throwable> failed) {
            this.endpoint = endpoint;
            this.loops = loops;
            this.ready = ready;
            this.failed = failed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (done || msg instanceof ByteBuf) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                if (!(msg instanceof FullHttpRequest req) || req.decoderResult().isFailure()) {
                    refuse(ctx, HttpResponseStatus.BAD_REQUEST, "not an HTTP request");
                    return;
                }
                String key = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
                if (!HttpMethod.GET.equals(req.method())
                        || !"websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))
                        || !headerContains(req.headers().get(HttpHeaderNames.CONNECTION), "upgrade") || key == null) {
                    refuse(ctx, HttpResponseStatus.BAD_REQUEST, "not a WebSocket upgrade request ("
                            + req.method() + " " + req.uri() + ")");
                    return;
                }
                if (!"13".equals(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
                    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.UPGRADE_REQUIRED);
                    res.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13")
                            .set(HttpHeaderNames.CONTENT_LENGTH, 0);
                    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                    done = true;
                    failed.accept(new WireProtocolException("unsupported WebSocket version "
                            + req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION)));
                    return;
                }
                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.SWITCHING_PROTOCOLS);
                res.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                        .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, acceptKey(key));
                done = true;
                // encoded right here on the event loop, before the HTTP codec leaves the pipeline
                ctx.writeAndFlush(res);
                Pipe pipe = webSocketPipe(ctx.channel(), endpoint, loops);
                switchToFrames(ctx, false);
                ready.accept(pipe);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String why) {
            done = true;
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            failed.accept(new WireProtocolException(why.toLowerCase(Locale.ROOT)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!done) {
                done = true;
                failed.accept(cause);
                ctx.close();
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
