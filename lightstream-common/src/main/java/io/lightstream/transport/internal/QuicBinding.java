package io.lightstream.transport.internal;

import io.lightstream.Endpoint;
import io.lightstream.LightstreamException;
import io.lightstream.TransportException;
import io.lightstream.transport.TransportOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * QUIC ({@code quic://}, Netty's native QUIC): TLS 1.3 with ALPN {@code ls}.
 *
 * <p>One pipe: the connecting side opens one bidirectional stream (finishing its send side at once
 * when it only reads, so the stream becomes visible to the peer) and the accepting side takes it.
 * Parallel pipes: the writer, whichever side it is, opens that many unidirectional streams on the
 * one connection and the reader takes them. The end of a pipe is the stream's FIN.
 *
 * <p>Flow control: 16 MiB per stream and 32 MiB per connection; a reader that stops reading stops
 * the peer through them.
 *
 * <p>Throughput: with the epoll transport, packets are sent in batches with one system call
 * (segmentation offload) and received in batches (recvmmsg, and GRO where the kernel coalesces).
 * QUIC's cost is per packet, so between loopback addresses, where the link's MTU is 64 KiB,
 * datagrams carry up to {@value #LOOPBACK_PAYLOAD} bytes; elsewhere 1350, which fits common paths
 * without fragmentation. Stateless and thread-safe.
 */
final class QuicBinding implements TransportBinding {
    static final String ALPN = "ls";
    private static final long STREAM_WINDOW = 16L << 20;
    private static final long CONNECTION_WINDOW = 32L << 20;
    private static final Duration MIN_IDLE = Duration.ofMinutes(5);
    private static final int UDP_BUFFER_BYTES = 4 << 20;
    /** UDP payload for paths of unknown MTU: fits a 1500-byte Ethernet frame with room for tunnels. */
    static final int PATH_PAYLOAD = 1350;
    /** UDP payload between loopback addresses; 8 of them fill one 64 KiB segmentation-offload send. */
    static final int LOOPBACK_PAYLOAD = 8000;
    /** Bytes one batched send or receive system call carries at most. */
    private static final int BATCH_BYTES = 64000;

    /** The UDP payload size for a connection between this side and {@code peerOrBound}. */
    static int payloadFor(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress() ? LOOPBACK_PAYLOAD : PATH_PAYLOAD;
    }

    /** Packets per batched system call; 1 where batching is unavailable. */
    private static int batch(EventLoops loops, int payload) {
        return loops.isEpoll() ? Math.max(1, BATCH_BYTES / payload) : 1;
    }

    private static <B extends QuicCodecBuilder<B>> B configure(B b, TransportOptions o, int payload) {
        Duration idle = o.readTimeout().compareTo(MIN_IDLE) > 0 ? o.readTimeout() : MIN_IDLE;
        return b.maxIdleTimeout(idle.toMillis(), TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(payload)
                .maxRecvUdpPayloadSize(payload)
                .initialMaxData(CONNECTION_WINDOW)
                .initialMaxStreamDataBidirectionalLocal(STREAM_WINDOW)
                .initialMaxStreamDataBidirectionalRemote(STREAM_WINDOW)
                .initialMaxStreamDataUnidirectional(STREAM_WINDOW)
                .initialMaxStreamsBidirectional(256)
                .initialMaxStreamsUnidirectional(256);
    }

    /**
     * UDP sockets with large kernel buffers: a burst of packets that overflows the default (about 200
     * KiB) is dropped, and QUIC's congestion control then slows to a crawl on a loopback link.
     */
    private static Bootstrap udpBootstrap(EventLoops loops, int payload) {
        Bootstrap b = new Bootstrap().group(loops.group()).channel(loops.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, UDP_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, UDP_BUFFER_BYTES);
        if (loops.isEpoll()) {
            // one receive buffer holds a batch of datagrams, read with one recvmmsg (or one GRO read)
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, payload)
                    .option(EpollChannelOption.UDP_GRO, true)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(payload * batch(loops, payload)));
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(payload));
        }
        return b;
    }

    /** Sends packets of a connection in batches, one system call each, where the kernel can. */
    private static SegmentedDatagramPacketAllocator segments(EventLoops loops, int payload) {
        return loops.isEpoll() && EpollDatagramChannel.isSegmentedDatagramPacketSupported()
                ? EpollQuicUtils.newSegmentedAllocator(batch(loops, payload)) : SegmentedDatagramPacketAllocator.NONE;
    }

    private static Pipe streamPipe(QuicStreamChannel s, Endpoint e, SharedConnection connection, EventLoops loops) {
        return new Pipe(s, e.scheme().id(), e.address(), c -> {
            QuicStreamChannel qs = (QuicStreamChannel) c;
            if (qs.type() == QuicStreamType.UNIDIRECTIONAL && !qs.isLocalCreated()) {
                return c.newSucceededFuture();
            }
            return qs.shutdownOutput();
        }, connection, loops);
    }

    private static void streamOptions(Channel s, TransportOptions o) {
        s.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        s.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(o.writeBufferBytes() / 2, o.writeBufferBytes()));
    }

    @Override
    public List<Pipe> connect(Endpoint e, TransportOptions o, Role role, int count) throws LightstreamException {
        if (count > 1 && role == Role.DUPLEX) {
            throw new IllegalArgumentException("quic: parallel streams carry one direction only; a bidirectional"
                    + " connection uses one stream");
        }
        EventLoops loops = EventLoops.acquire();
        try {
            QuicSslContext ssl = TlsContexts.quicClient(o, ALPN);
            return Dialer.dial(e.scheme().id(), e.address(), o, () -> attempt(e, o, role, count, loops, ssl));
        } finally {
            loops.release();
        }
    }

    private Future<List<Pipe>> attempt(Endpoint e, TransportOptions o, Role role, int count, EventLoops loops,
            QuicSslContext ssl) throws LightstreamException {
        Promise<List<Pipe>> promise = loops.group().next().newPromise();
        InetSocketAddress remote = new InetSocketAddress(e.host(), e.port());
        int payload = payloadFor(remote);
        ChannelHandler codec = configure(new QuicClientCodecBuilder(), o, payload)
                .sslEngineProvider(q -> ssl.newEngine(q.alloc(), e.host(), e.port()))
                .build();
        ChannelFuture bound = udpBootstrap(loops, payload).handler(codec).bind(0).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new TransportException("quic", e.address(), "cannot open a UDP socket: "
                    + Failures.describe(bound.cause()), bound.cause());
        }
        Channel udp = bound.channel();
        List<Pipe> pipes = new ArrayList<>();
        SharedConnection[] connection = new SharedConnection[1];
        Consumer<Pipe> collect = pipe -> {
            synchronized (pipes) {
                pipes.add(pipe);
                if (pipes.size() < count) {
                    return;
                }
            }
            if (!promise.trySuccess(List.copyOf(pipes))) {
                pipes.forEach(Pipe::closeAsync);
            }
        };
        boolean incoming = count > 1 && role == Role.READ;
        Future<QuicChannel> qf = QuicChannel.newBootstrap(udp)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, segments(loops, payload))
                .handler(new QuietConnection())
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel s) {
                        if (!incoming || s.type() != QuicStreamType.UNIDIRECTIONAL) {
                            s.close();
                            return;
                        }
                        streamOptions(s, o);
                        collect.accept(streamPipe(s, e, connection[0], loops));
                    }
                })
                .remoteAddress(remote)
                .connect();
        qf.addListener(f -> {
            if (!f.isSuccess()) {
                udp.close();
                promise.tryFailure(f.cause());
                return;
            }
            QuicChannel quic = (QuicChannel) f.getNow();
            connection[0] = new SharedConnection(List.of(quic, udp));
            quic.closeFuture().addListener(c -> {
                udp.close();
                promise.tryFailure(new java.nio.channels.ClosedChannelException());
            });
            if (incoming) {
                return;
            }
            QuicStreamType type = count > 1 ? QuicStreamType.UNIDIRECTIONAL : QuicStreamType.BIDIRECTIONAL;
            for (int i = 0; i < count; i++) {
                quic.createStream(type, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                        streamOptions(ctx.channel(), o);
                        ctx.pipeline().remove(this);
                    }
                }).addListener(sf -> {
                    if (!sf.isSuccess()) {
                        promise.tryFailure(sf.cause());
                        return;
                    }
                    QuicStreamChannel s = (QuicStreamChannel) sf.getNow();
                    if (role == Role.READ) {
                        // an empty FIN makes the stream known to the peer, which is waiting to accept it
                        s.shutdownOutput();
                    }
                    collect.accept(streamPipe(s, e, connection[0], loops));
                });
            }
        });
        promise.addListener(f -> {
            if (f.isCancelled()) {
                udp.close();
            }
        });
        return promise;
    }

    @Override
    public PipeListener bind(Endpoint e, TransportOptions o, Role role) throws LightstreamException {
        EventLoops loops = EventLoops.acquire();
        PipeListener listener = new PipeListener("quic", e.address(), loops);
        try {
            QuicSslContext ssl = TlsContexts.quicServer(o, ALPN);
            int parallel = o.parallel();
            boolean writerOpens = parallel > 1 && role == Role.WRITE;
            // the UDP socket carries every accepted connection: it stays open while the listener or
            // any connection needs it, so streams taken from a closed listener keep working
            SharedConnection[] socket = new SharedConnection[1];
            InetSocketAddress local = new InetSocketAddress(e.host(), e.port());
            int payload = payloadFor(local);
            ChannelHandler codec = configure(new QuicServerCodecBuilder(), o, payload)
                    .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, segments(loops, payload))
                    .sslContext(ssl)
                    .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                    .handler(new ServerConnectionHandler() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            QuicChannel quic = (QuicChannel) ctx.channel();
                            SharedConnection connection = new SharedConnection(List.of(quic));
                            socket[0].retain();
                            quic.closeFuture().addListener(f -> socket[0].release());
                            quic.attr(Attributes.CONNECTION).set(connection);
                            if (writerOpens) {
                                for (int i = 0; i < parallel; i++) {
                                    quic.createStream(QuicStreamType.UNIDIRECTIONAL, new ChannelInboundHandlerAdapter())
                                            .addListener(sf -> {
                                                if (sf.isSuccess()) {
                                                    QuicStreamChannel s = (QuicStreamChannel) sf.getNow();
                                                    streamOptions(s, o);
                                                    listener.offer(streamPipe(s, e, connection, loops));
                                                } else {
                                                    listener.reject(String.valueOf(quic.remoteSocketAddress()), sf.cause());
                                                }
                                            });
                                }
                            }
                            ctx.fireChannelActive();
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            listener.reject(String.valueOf(((QuicChannel) ctx.channel()).remoteSocketAddress()), cause);
                            ctx.close();
                        }
                    })
                    .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                        @Override
                        protected void initChannel(QuicStreamChannel s) {
                            if (writerOpens) {
                                s.close();
                                return;
                            }
                            streamOptions(s, o);
                            SharedConnection connection = s.parent().attr(Attributes.CONNECTION).get();
                            listener.offer(streamPipe(s, e, connection, loops));
                        }
                    })
                    .build();
            ChannelFuture bf = udpBootstrap(loops, payload).handler(codec).bind(local).awaitUninterruptibly();
            if (!bf.isSuccess()) {
                throw new TransportException("quic", e.address(), "cannot bind: " + Failures.describe(bf.cause()),
                        bf.cause());
            }
            Channel udp = bf.channel();
            socket[0] = new SharedConnection(List.of(udp));
            socket[0].retain();
            SharedConnection udpShare = socket[0];
            listener.bound(List.of(), ((InetSocketAddress) udp.localAddress()).getPort(), () -> {
                if (udpShare.release()) {
                    udpShare.awaitClosed(5000);
                }
            });
            return listener;
        } catch (LightstreamException | RuntimeException ex) {
            listener.close();
            throw ex;
        }
    }

    /**
     * Base of the handler every accepted QUIC connection shares: one instance serves them all, so it
     * keeps no per-connection state.
     */
    @ChannelHandler.Sharable
    private static class ServerConnectionHandler extends ChannelInboundHandlerAdapter {}

    /**
     * Handler of a client QUIC connection: its failures reach the streams (which report them), so
     * here they are only consumed instead of being logged as unhandled.
     */
    private static final class QuietConnection extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Channel attributes this binding keeps on QUIC connections. */
    private static final class Attributes {
        static final io.netty.util.AttributeKey<SharedConnection> CONNECTION =
                io.netty.util.AttributeKey.valueOf(QuicBinding.class, "connection");
    }
}
