package io.lightstream.transport.internal;

import io.lightstream.LightstreamException;
import io.lightstream.TransportException;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bound endpoint that hands out the pipes its peers open: one per accepted connection (TCP, UDS,
 * WebSocket) or per accepted stream (HTTP/2 request, QUIC stream), in the order they became ready.
 * Serves successive peers until closed.
 *
 * <p>Connections that fail before becoming pipes (a TLS handshake with a wrong certificate, an
 * HTTP/1 client on an HTTP/2 port) are closed and remembered, so that an accept that times out can
 * say why nobody usable came.
 *
 * <p>Thread-safe.
 */
public final class PipeListener implements AutoCloseable {
    private static final int MAX_WAITING = 256;

    private final String transport;
    private final String address;
    private final EventLoops loops;
    private final LinkedBlockingQueue<Pipe> ready = new LinkedBlockingQueue<>();
    private List<Channel> channels = List.of();
    private Runnable onClose = () -> {};
    private volatile String lastRejection;
    private volatile boolean closed;
    private int boundPort = -1;

    PipeListener(String transport, String address, EventLoops loops) {
        this.transport = transport;
        this.address = address;
        this.loops = loops;
    }

    void bound(List<Channel> serverChannels, int port, Runnable cleanup) {
        this.channels = List.copyOf(serverChannels);
        this.boundPort = port;
        this.onClose = cleanup;
    }

    public String transport() {
        return transport;
    }

    public String address() {
        return address;
    }

    /** The port actually bound (useful with port 0), or -1 for Unix sockets. */
    public int port() {
        return boundPort;
    }

    /** Called on an event loop when a peer's pipe is ready. */
    void offer(Pipe pipe) {
        if (closed || ready.size() >= MAX_WAITING) {
            pipe.closeAsync();
            return;
        }
        ready.add(pipe);
        if (closed) {
            Pipe p;
            while ((p = ready.poll()) != null) {
                p.closeAsync();
            }
        }
    }

    /** Called on an event loop when a peer's connection failed before it became a pipe. */
    void reject(String peer, Throwable cause) {
        lastRejection = (peer == null ? "a peer" : peer) + ": " + Failures.describe(Failures.unwrap(cause));
    }

    /**
     * The next peer's pipe, waiting up to {@code timeout} ({@link Duration#ZERO}: forever).
     *
     * @throws TransportException on timeout (naming the last rejected peer, if any) or when closed
     */
    public Pipe accept(Duration timeout) throws LightstreamException {
        try {
            Pipe p;
            if (timeout.isZero()) {
                while ((p = ready.poll(1, TimeUnit.SECONDS)) == null) {
                    if (closed) {
                        throw new TransportException(transport, address, "listener closed while waiting for a peer");
                    }
                }
            } else {
                p = ready.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            if (p == null) {
                String why = lastRejection;
                throw new TransportException(transport, address, "no peer connected within " + timeout.toMillis() + " ms"
                        + (why == null ? "" : "; last rejected connection from " + why));
            }
            return p;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(transport, address, "interrupted while waiting for a peer", e);
        }
    }

    /** Unbinds and closes pipes nobody took; pipes already taken stay open. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Channel c : channels) {
                c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            Pipe p;
            while ((p = ready.poll()) != null) {
                p.close();
            }
            onClose.run();
        } finally {
            loops.release();
        }
    }
}
