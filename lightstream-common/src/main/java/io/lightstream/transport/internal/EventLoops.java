package io.lightstream.transport.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The event loops every transport in this JVM shares: one group, epoll when the native library
 * loads and NIO otherwise, created on first use and shut down when the last reader, writer or
 * listener that acquired it releases it.
 *
 * <p>Why shared: a Flink task manager or Connect worker opens many readers and writers; one thread
 * per core serves them all instead of a thread pool each. Reference-counted so that nothing lingers
 * once every user is closed (no thread leak after a failure either).
 *
 * <p>Thread-safe.
 */
public final class EventLoops {
    private static final Object LOCK = new Object();
    private static EventLoops current;

    private final EventLoopGroup group;
    private final boolean epoll;
    private int references;

    private EventLoops(boolean epoll) {
        this.epoll = epoll;
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("lightstream-io", true), factory);
    }

    /** Takes a reference on the shared event loops, creating them if needed. Pair with {@link #release()}. */
    public static EventLoops acquire() {
        synchronized (LOCK) {
            if (current == null) {
                current = new EventLoops(useEpoll());
            }
            current.references++;
            return current;
        }
    }

    private static boolean useEpoll() {
        if (Boolean.getBoolean("lightstream.transport.nio")) {
            return false;
        }
        return Epoll.isAvailable();
    }

    /**
     * Drops a reference; the last one shuts the loops down and, unless called from one of them, waits
     * for their threads to end.
     */
    public void release() {
        EventLoopGroup toStop = null;
        synchronized (LOCK) {
            if (references <= 0) {
                throw new IllegalStateException("event loops released more often than acquired");
            }
            if (--references == 0) {
                toStop = group;
                if (current == this) {
                    current = null;
                }
            }
        }
        if (toStop != null) {
            var f = toStop.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            boolean onLoop = false;
            for (var e : toStop) {
                if (e.inEventLoop()) {
                    onLoop = true;
                    break;
                }
            }
            if (!onLoop) {
                f.awaitUninterruptibly(10, TimeUnit.SECONDS);
            }
        }
    }

    /** References held right now (for tests that check nothing leaks). */
    public static int activeReferences() {
        synchronized (LOCK) {
            return current == null ? 0 : current.references;
        }
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Whether the native epoll transport is in use. */
    public boolean isEpoll() {
        return epoll;
    }

    public Class<? extends Channel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverSocketChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends Channel> domainSocketChannel() {
        return epoll ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverDomainSocketChannel() {
        return epoll ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
    }

    public Class<? extends Channel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** The socket address of a Unix domain socket path, in the form this group's channels take. */
    public SocketAddress domainSocketAddress(String path) {
        return epoll ? new DomainSocketAddress(path) : UnixDomainSocketAddress.of(path);
    }
}
