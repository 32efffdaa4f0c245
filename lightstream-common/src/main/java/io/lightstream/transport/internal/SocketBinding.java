package io.lightstream.transport.internal;

import io.lightstream.Endpoint;
import io.lightstream.LightstreamException;
import io.lightstream.TransportException;
import io.lightstream.transport.TransportOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Plain stream sockets: TCP (optionally inside TLS, with mutual TLS) and Unix domain sockets. Also
 * the connection layer that the WebSocket and HTTP/2 bindings build on, through the {@link
 * Upgrade} hook that runs their handshake on a fresh connection.
 *
 * <p>Stateless and thread-safe.
 */
public class SocketBinding implements TransportBinding {
    /** Receive buffers grow to this size under load: fewer, larger decoder feeds. */
    static final int MAX_READ_BYTES = 1 << 20;
    /** Least time a connected attempt gets to finish its TLS, WebSocket or HTTP/2 handshake. */
    static final long HANDSHAKE_TIMEOUT_MIN_MS = 10_000;

    /**
     * Turns a connected (and, with TLS, handshaken) channel into a pipe, possibly after a handshake
     * of its own. Runs on the event loop; must complete exactly one of the callbacks.
     */
    interface Upgrade {
        /**
         * @param count pipes wanted on this connection (the client side of a multiplexing transport
         *     may open several; otherwise 1, and servers call {@code ready} once per peer stream)
         */
        void start(Channel channel, int count, Consumer<Pipe> ready, Consumer<Throwable> failed);
    }

    private final boolean unixSocket;

    public SocketBinding(boolean unixSocket) {
        this.unixSocket = unixSocket;
    }

    /** Whether this scheme runs inside TLS with these options. */
    protected boolean usesTls(Endpoint e, TransportOptions o) {
        return !unixSocket && (e.scheme().isTls() || o.tls());
    }

    /** ALPN protocols to offer or accept inside TLS (none for plain TCP). */
    protected String[] alpn() {
        return new String[0];
    }

    /** The pipe-making step after connect/TLS; plain sockets are pipes as they are. */
    protected Upgrade clientUpgrade(Endpoint e, TransportOptions o, Role role, EventLoops loops) {
        return (ch, count, ready, failed) -> ready.accept(socketPipe(ch, e, loops));
    }

    protected Upgrade serverUpgrade(Endpoint e, TransportOptions o, Role role, EventLoops loops) {
        return (ch, count, ready, failed) -> ready.accept(socketPipe(ch, e, loops));
    }

    /** Whether one connection carries several pipes (HTTP/2 streams), so parallel pipes share it. */
    protected boolean multiplexes() {
        return false;
    }

    /**
     * Whether the socket stays open for writing after the peer's FIN: needed by plain byte streams,
     * whose end is the FIN; framed transports end with their own close message instead.
     */
    protected boolean halfClosure() {
        return true;
    }

    /**
     * Whether the socket's bytes reach the pipe unchanged, so that large bodies can be read straight
     * into the decoder's memory ({@link DirectReceiveAllocator}); never with TLS. Transports with
     * framing of their own (WebSocket, HTTP/2) say no.
     */
    protected boolean directReceive() {
        return true;
    }

    private static DirectReceiveAllocator directAllocator() {
        return new DirectReceiveAllocator(4096, 64 * 1024, MAX_READ_BYTES);
    }

    /** Extra checks once TLS is up (HTTP/2 insists on ALPN h2). Throwing fails the connection. */
    protected void afterTls(SslHandler ssl) throws IOException {}

    static Pipe socketPipe(Channel ch, Endpoint e, EventLoops loops) {
        Function<Channel, ChannelFuture> end = c -> {
            SslHandler ssl = c.pipeline().get(SslHandler.class);
            if (ssl != null) {
                ssl.closeOutbound();
            }
            return ((DuplexChannel) c).shutdownOutput();
        };
        return new Pipe(ch, e.scheme().id(), e.address(), end, null, loops);
    }

    @Override
    public List<Pipe> connect(Endpoint e, TransportOptions o, Role role, int count) throws LightstreamException {
        List<Pipe> pipes = new ArrayList<>();
        EventLoops loops = EventLoops.acquire();
        try {
            SslContext ssl = usesTls(e, o) ? clientTls(e, o) : null;
            if (multiplexes()) {
                pipes.addAll(Dialer.dial(e.scheme().id(), e.address(), o, () -> attempt(e, o, role, loops, ssl, count)));
            } else {
                for (int i = 0; i < count; i++) {
                    pipes.addAll(Dialer.dial(e.scheme().id(), e.address(), o, () -> attempt(e, o, role, loops, ssl, 1)));
                }
            }
            return pipes;
        } catch (LightstreamException | RuntimeException ex) {
            for (Pipe p : pipes) {
                p.close();
            }
            throw ex;
        } finally {
            loops.release();
        }
    }

    private SslContext clientTls(Endpoint e, TransportOptions o) throws TransportException {
        try {
            return TlsContexts.client(e.scheme().id(), o, alpn());
        } catch (SSLException ex) {
            throw new TransportException(e.scheme().id(), e.address(), "cannot set up TLS: " + ex.getMessage(), ex);
        }
    }

    private io.netty.util.concurrent.Future<List<Pipe>> attempt(Endpoint e, TransportOptions o, Role role,
            EventLoops loops, SslContext ssl, int count) throws LightstreamException {
        Promise<List<Pipe>> promise = loops.group().next().newPromise();
        List<Pipe> opened = new ArrayList<>();
        Upgrade upgrade = clientUpgrade(e, o, role, loops);
        Bootstrap b = new Bootstrap().group(loops.group())
                .channel(unixSocket ? loops.domainSocketChannel() : loops.socketChannel());
        socketOptions(b, o);
        if (!o.connectTimeout().isZero()) {
            b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, o.connectTimeout().toMillis()));
        }
        b.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (ssl != null) {
                    p.addLast(ssl.newHandler(ch.alloc(), e.host(), e.port()));
                } else if (directReceive()) {
                    ch.config().setRecvByteBufAllocator(directAllocator());
                }
                p.addLast(new ReadyHandler(ssl != null, c -> {
                    if (ssl != null) {
                        try {
                            afterTls(c.pipeline().get(SslHandler.class));
                        } catch (IOException ex) {
                            promise.tryFailure(ex);
                            c.close();
                            return;
                        }
                    }
                    upgrade.start(c, count, pipe -> {
                        synchronized (opened) {
                            opened.add(pipe);
                            if (opened.size() < count) {
                                return;
                            }
                        }
                        if (!promise.trySuccess(List.copyOf(opened))) {
                            opened.forEach(Pipe::closeAsync);
                        }
                    }, cause -> {
                        synchronized (opened) {
                            opened.forEach(Pipe::closeAsync);
                        }
                        promise.tryFailure(cause);
                        c.close();
                    });
                }, promise::tryFailure));
            }
        });
        SocketAddress address = address(e, loops);
        ChannelFuture cf = b.connect(address);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(f.cause());
                return;
            }
            // The peer has accepted. Abandoning the attempt now (the connect timeout passing during
            // the TLS, WebSocket or HTTP/2 handshake) could leave the peer's listener holding a
            // connection this side never uses, which an accepting reader or writer would take and
            // wait on: so the attempt is no longer cancellable and gets a handshake timeout of its own.
            if (promise.setUncancellable() && !o.connectTimeout().isZero()) {
                long ms = Math.max(o.connectTimeout().toMillis(), HANDSHAKE_TIMEOUT_MIN_MS);
                var timer = cf.channel().eventLoop().schedule(() -> {
                    if (promise.tryFailure(new io.netty.channel.ConnectTimeoutException("connected, but the "
                            + e.scheme().id() + " handshake did not finish within " + ms + " ms"))) {
                        synchronized (opened) {
                            opened.forEach(Pipe::closeAsync);
                        }
                        cf.channel().close();
                    }
                }, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
                promise.addListener(done -> timer.cancel(false));
            }
        });
        promise.addListener(f -> {
            if (f.isCancelled()) {
                cf.channel().close();
            }
        });
        return promise;
    }

    private void socketOptions(Bootstrap b, TransportOptions o) {
        b.option(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(o.writeBufferBytes() / 2, o.writeBufferBytes()))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 64 * 1024, MAX_READ_BYTES));
        if (!unixSocket) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
    }

    private SocketAddress address(Endpoint e, EventLoops loops) {
        return unixSocket ? loops.domainSocketAddress(e.path()) : new InetSocketAddress(e.host(), e.port());
    }

    @Override
    public PipeListener bind(Endpoint e, TransportOptions o, Role role) throws LightstreamException {
        String transport = e.scheme().id();
        EventLoops loops = EventLoops.acquire();
        PipeListener listener = new PipeListener(transport, e.address(), loops);
        try {
            SslContext ssl;
            try {
                ssl = usesTls(e, o) ? TlsContexts.server(transport, o, alpn()) : null;
            } catch (SSLException ex) {
                throw new TransportException(transport, e.address(), "cannot set up TLS: " + ex.getMessage(), ex);
            }
            if (unixSocket) {
                removeStaleSocket(e);
            }
            Upgrade upgrade = serverUpgrade(e, o, role, loops);
            ServerBootstrap sb = new ServerBootstrap().group(loops.group())
                    .channel(unixSocket ? loops.serverDomainSocketChannel() : loops.serverSocketChannel())
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure())
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(o.writeBufferBytes() / 2, o.writeBufferBytes()))
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                            new AdaptiveRecvByteBufAllocator(4096, 64 * 1024, MAX_READ_BYTES));
            if (!unixSocket) {
                sb.childOption(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_REUSEADDR, true);
            }
            sb.childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    String peer = String.valueOf(ch.remoteAddress());
                    if (ssl != null) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    } else if (directReceive()) {
                        ch.config().setRecvByteBufAllocator(directAllocator());
                    }
                    ch.pipeline().addLast(new ReadyHandler(ssl != null, c -> {
                        if (ssl != null) {
                            try {
                                afterTls(c.pipeline().get(SslHandler.class));
                            } catch (IOException ex) {
                                listener.reject(peer, ex);
                                c.close();
                                return;
                            }
                        }
                        upgrade.start(c, 1, listener::offer, cause -> {
                            listener.reject(peer, cause);
                            c.close();
                        });
                    }, cause -> listener.reject(peer, cause)));
                }
            });
            ChannelFuture bf = sb.bind(address(e, loops)).awaitUninterruptibly();
            if (!bf.isSuccess()) {
                throw new TransportException(transport, e.address(), "cannot bind: " + Failures.describe(bf.cause()),
                        bf.cause());
            }
            Channel server = bf.channel();
            int port = server.localAddress() instanceof InetSocketAddress isa ? isa.getPort() : -1;
            Runnable cleanup = unixSocket ? () -> deleteQuietly(Path.of(e.path())) : () -> {};
            listener.bound(List.of(server), port, cleanup);
            return listener;
        } catch (LightstreamException | RuntimeException ex) {
            listener.close();
            throw ex;
        }
    }

    /**
     * A socket file left by a listener that died is removed; one that a live listener still answers
     * on is left alone and reported, so two listeners never silently steal each other's path.
     */
    private static void removeStaleSocket(Endpoint e) throws TransportException {
        Path path = Path.of(e.path());
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean socketFile;
        try {
            socketFile = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException ex) {
            socketFile = false;
        }
        if (!socketFile) {
            throw new TransportException("uds", e.address(), "cannot bind: path exists and is not a socket file");
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            live = true;
        } catch (IOException stale) {
            live = false;
        }
        if (live) {
            throw new TransportException("uds", e.address(), "cannot bind: another process is listening on this socket");
        }
        deleteQuietly(path);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a socket file we cannot remove is harmless: the next bind removes it as stale
        }
    }
}
