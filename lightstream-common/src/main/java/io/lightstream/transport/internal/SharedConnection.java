package io.lightstream.transport.internal;

import io.netty.channel.Channel;
import java.util.List;

/**
 * A connection that carries several pipes (HTTP/2 streams, QUIC streams): it closes when the last
 * pipe on it is closed. Holds the connection's channels, outermost last (a QUIC connection, then the
 * UDP socket it runs on).
 *
 * <p>Thread-safe.
 */
final class SharedConnection {
    private final List<Channel> channels;
    private int references;
    private boolean closed;

    SharedConnection(List<Channel> channels) {
        this.channels = List.copyOf(channels);
    }

    /** The channel whose closing means the peer is gone. */
    Channel channel() {
        return channels.get(0);
    }

    synchronized void retain() {
        references++;
    }

    /** Drops one pipe's hold; the last one closes the connection (without waiting) and returns true. */
    boolean release() {
        synchronized (this) {
            if (--references > 0 || closed) {
                return false;
            }
            closed = true;
        }
        close(0);
        return true;
    }

    /** Waits until every channel of the connection is closed. */
    void awaitClosed(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        for (Channel c : channels) {
            c.closeFuture().awaitUninterruptibly(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    private void close(int i) {
        if (i < channels.size()) {
            channels.get(i).close().addListener(f -> close(i + 1));
        }
    }
}
