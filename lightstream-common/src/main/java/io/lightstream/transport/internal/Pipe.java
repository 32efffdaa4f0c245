package io.lightstream.transport.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One established byte pipe: a channel that carries plain bytes both ways once the transport's own
 * framing (TLS, WebSocket, HTTP/2, QUIC streams) has been peeled off by the handlers in front of its
 * {@link PipeTail}.
 *
 * <p>A pipe holds a reference on the shared {@link EventLoops} until it is closed, so a pipe taken
 * from a listener outlives the listener.
 *
 * <p>Thread-safe: the methods may be called from any thread; the work happens on the event loop.
 */
public final class Pipe {
    private final Channel channel;
    private final String transport;
    private final String address;
    private final Function<Channel, ChannelFuture> endOutput;
    private final SharedConnection connection;
    private final PipeTail tail;
    private final EventLoops loops;
    private boolean closed;
    private boolean disconnected;
    private volatile boolean lastOnConnection;
    private boolean outputEnded;

    /**
     * @param channel the channel whose pipeline ends in a {@link PipeTail}
     * @param endOutput how to tell the peer that this side's output is complete
     * @param connection the connection carrying this pipe when it is a stream of a multiplexed
     *     connection (HTTP/2, QUIC), which closes with its last pipe; null when the channel is the
     *     connection
     * @param loops the event loops, on which this pipe takes its own reference
     */
    Pipe(Channel channel, String transport, String address, Function<Channel, ChannelFuture> endOutput,
            SharedConnection connection, EventLoops loops) {
        this.channel = channel;
        this.transport = transport;
        this.address = address;
        this.endOutput = endOutput;
        this.connection = connection;
        if (connection != null) {
            connection.retain();
        }
        PipeTail existing = channel.pipeline().get(PipeTail.class);
        if (existing == null) {
            existing = new PipeTail();
            channel.pipeline().addLast("pipe-tail", existing);
        }
        // kept here, not looked up later: once the channel closes, Netty empties its pipeline, and a
        // consumer attaching after that must still learn that the pipe is gone
        this.tail = existing;
        this.loops = EventLoops.acquire();
        if (loops != this.loops) {
            // a group is only replaced after its last user released it, which cannot have happened
            // while the caller still holds it
            throw new IllegalStateException("pipe created on retired event loops");
        }
    }

    public Channel channel() {
        return channel;
    }

    /** Transport name as in URIs, e.g. {@code tcp}, {@code wss}. */
    public String transport() {
        return transport;
    }

    /** The peer's address as users wrote it. */
    public String address() {
        return address;
    }

    /** Connects the consumer (on the event loop), replaying anything that arrived already, and starts reading. */
    public void attach(PipeEvents events) {
        channel.eventLoop().execute(() -> {
            tail.attach(events);
            if (events instanceof DirectReceiveAllocator.Receiver r
                    && channel.config().getRecvByteBufAllocator() instanceof DirectReceiveAllocator d) {
                d.receiver(r);
            }
            channel.config().setAutoRead(true);
        });
    }

    /** Stops reading from the transport; the peer's flow control (TCP, HTTP/2, QUIC) takes over. */
    public void pauseReading() {
        if (channel.eventLoop().inEventLoop()) {
            channel.config().setAutoRead(false);
        } else {
            channel.eventLoop().execute(() -> channel.config().setAutoRead(false));
        }
    }

    /** Reads again; always switched on the event loop so it cannot race a read in progress. */
    public void resumeReading() {
        if (channel.eventLoop().inEventLoop()) {
            channel.config().setAutoRead(true);
        } else {
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
    }

    /** Tells the peer this side will send nothing more. Idempotent. */
    public synchronized ChannelFuture endOutput() {
        if (outputEnded || !channel.isActive()) {
            outputEnded = true;
            return channel.newSucceededFuture();
        }
        outputEnded = true;
        ChannelFuture f = endOutput.apply(channel);
        f.addListener(done -> tail.outputEnded());
        return f;
    }

    /** Whether the channel can take more writes without exceeding the high water mark. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** The channel of the whole connection (the socket, or the HTTP/2 or QUIC connection of a stream). */
    public Channel connectionChannel() {
        return connection == null ? channel : connection.channel();
    }

    /**
     * Closes the channel and lets go of the connection under it (which closes with its last pipe)
     * without waiting; the event-loop reference stays until {@link #close()}. Safe on an event loop.
     * Idempotent.
     */
    public void disconnect() {
        boolean releaseConnection;
        synchronized (this) {
            releaseConnection = !disconnected && connection != null;
            disconnected = true;
        }
        channel.close();
        if (releaseConnection) {
            lastOnConnection = connection.release();
        }
    }

    /** Disconnects, waits for the channels to close, then drops this pipe's event-loop reference. Idempotent. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            disconnect();
            channel.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            releaseTail();
            if (lastOnConnection) {
                connection.awaitClosed(5000);
            }
        } finally {
            loops.release();
        }
    }

    private void releaseTail() {
        if (channel.eventLoop().inEventLoop()) {
            tail.releasePending();
            return;
        }
        try {
            channel.eventLoop().submit(tail::releasePending).awaitUninterruptibly(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException loopGone) {
            tail.releasePending();
        }
    }

    /**
     * Closes without waiting, for event-loop threads (a listener discarding a connection nobody will
     * take). Idempotent.
     */
    public void closeAsync() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        disconnect();
        channel.closeFuture().addListener(f -> tail.releasePending());
        channel.closeFuture().addListener(f -> loops.release());
    }

    @Override
    public String toString() {
        return transport + "://" + address + " " + channel;
    }
}
