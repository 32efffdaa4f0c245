package io.lightstream.transport.internal;

import io.lightstream.Endpoint;
import io.lightstream.transport.TransportOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.List;

/**
 * HTTP/2 only ({@code http://} cleartext with prior knowledge, {@code https://} with ALPN {@code
 * h2}): each pipe is one request stream. The connecting side sends {@code GET} when it only reads
 * and {@code POST} otherwise, with no other headers than the pseudo-headers; the request body is
 * its output and the response body its input. The accepting side answers any method and path with
 * {@code 200} and streams the response.
 *
 * <p>Windows of 8 MiB per stream and per connection (64 KiB, the HTTP/2 default, would cost a
 * round trip per 64 KiB). Parallel pipes are streams of one connection. Stateless and thread-safe.
 */
final class Http2Binding extends SocketBinding {
    static final int WINDOW = 8 << 20;
    private static final int MAX_FRAME = 1 << 20;
    private static final int DEFAULT_WINDOW = 65_535;

    Http2Binding() {
        super(false);
    }

    @Override
    protected String[] alpn() {
        return new String[] {"h2"};
    }

    @Override
    protected boolean multiplexes() {
        return true;
    }

    @Override
    protected boolean directReceive() {
        return false;
    }

    @Override
    protected boolean halfClosure() {
        return false;
    }

    @Override
    protected void afterTls(SslHandler ssl) throws IOException {
        String p = ssl.applicationProtocol();
        if (!"h2".equals(p)) {
            throw new WireProtocolException("TLS ALPN negotiated " + (p == null ? "no protocol" : "'" + p + "'")
                    + " instead of h2; the peer does not offer HTTP/2 over TLS");
        }
    }

    private static Http2Settings settings() {
        return Http2Settings.defaultSettings().initialWindowSize(WINDOW).maxFrameSize(MAX_FRAME);
    }

    private static void openConnectionWindow(Channel ch) {
        ch.writeAndFlush(new DefaultHttp2WindowUpdateFrame(WINDOW - DEFAULT_WINDOW));
    }

    @Override
    protected Upgrade clientUpgrade(Endpoint e, TransportOptions o, Role role, EventLoops loops) {
        return (ch, count, ready, failed) -> {
            Http2ConnectionErrors errors = new Http2ConnectionErrors(failed);
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().initialSettings(settings()).build(),
                    new Http2MultiplexHandler(new RefusePushedStreams()), errors);
            openConnectionWindow(ch);
            SharedConnection connection = new SharedConnection(List.of(ch));
            for (int i = 0; i < count; i++) {
                Http2StreamChannelBootstrap b = new Http2StreamChannelBootstrap(ch)
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                                new WriteBufferWaterMark(o.writeBufferBytes() / 2, o.writeBufferBytes()))
                        .handler(new ChannelInitializer<Http2StreamChannel>() {
                            @Override
                            protected void initChannel(Http2StreamChannel sc) {
                                sc.pipeline().addLast(new Http2StreamBytes(true,
                                        ctx -> ready.accept(streamPipe(ctx.channel(), e, connection, loops)), failed,
                                        errors));
                            }
                        });
                b.open().addListener(f -> {
                    if (!f.isSuccess()) {
                        failed.accept(f.cause());
                        return;
                    }
                    Http2StreamChannel sc = (Http2StreamChannel) f.getNow();
                    DefaultHttp2Headers h = new DefaultHttp2Headers();
                    h.method(role == Role.READ ? "GET" : "POST").path(e.path())
                            .scheme(e.scheme().isTls() ? "https" : "http").authority(e.host() + ":" + e.port());
                    sc.writeAndFlush(new DefaultHttp2HeadersFrame(h, role == Role.READ));
                });
            }
        };
    }

    @Override
    protected Upgrade serverUpgrade(Endpoint e, TransportOptions o, Role role, EventLoops loops) {
        return (ch, count, ready, failed) -> {
            SharedConnection connection = new SharedConnection(List.of(ch));
            boolean[] anyStream = {false};
            Http2ConnectionErrors errors = new Http2ConnectionErrors(cause -> {
                if (!anyStream[0]) {
                    failed.accept(cause);
                }
            });
            ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().initialSettings(settings()).build(),
                    new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                        @Override
                        protected void initChannel(Http2StreamChannel sc) {
                            sc.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                                    new WriteBufferWaterMark(o.writeBufferBytes() / 2, o.writeBufferBytes()));
                            sc.pipeline().addLast(new Http2StreamBytes(false, ctx -> {
                                anyStream[0] = true;
                                ready.accept(streamPipe(ctx.channel(), e, connection, loops));
                            }, cause -> { }, errors));
                        }
                    }), errors);
            openConnectionWindow(ch);
        };
    }

    private static Pipe streamPipe(Channel stream, Endpoint e, SharedConnection connection, EventLoops loops) {
        return new Pipe(stream, e.scheme().id(), e.address(), c -> c.writeAndFlush(Http2StreamBytes.END_STREAM),
                connection, loops);
    }

    /** This client never asked for server push; any pushed stream is dropped. */
    private static final class RefusePushedStreams extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }
}
