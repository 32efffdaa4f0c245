package io.lightstream.transport.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.List;
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
    private final List<Channel> owners;
    private final EventLoops loops;
    private boolean closed;
    private boolean outputEnded;

    /**
     * @param channel the channel whose pipeline ends in a {@link PipeTail}
     * @param endOutput how to tell the peer that this side's output is complete
     * @param owners channels carrying this pipe that close with it (an HTTP/2 connection, a QUIC
     *     connection and its UDP socket), innermost first
     * @param loops the event loops, on which this pipe takes its own reference
     */
    Pipe(Channel channel, String transport, String address, Function<Channel, ChannelFuture> endOutput,
            List<Channel> owners, EventLoops loops) {
        this.channel = channel;
        this.transport = transport;
        this.address = address;
        this.endOutput = endOutput;
        this.owners = List.copyOf(owners);
        if (channel.pipeline().get(PipeTail.class) == null) {
            channel.pipeline().addLast("pipe-tail", new PipeTail());
        }
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

    private PipeTail tail() {
        PipeTail t = channel.pipeline().get(PipeTail.class);
        if (t == null) {
            throw new IllegalStateException("pipe channel has no tail handler");
        }
        return t;
    }

    /** Connects the consumer (on the event loop), replaying anything that arrived already, and starts reading. */
    public void attach(PipeEvents events) {
        channel.eventLoop().execute(() -> {
            tail().attach(events);
            channel.config().setAutoRead(true);
        });
    }

    /** Stops reading from the transport; the peer's flow control (TCP, HTTP/2, QUIC) takes over. */
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    public void resumeReading() {
        channel.config().setAutoRead(true);
    }

    /** Tells the peer this side will send nothing more. Idempotent. */
    public synchronized ChannelFuture endOutput() {
        if (outputEnded || !channel.isActive()) {
            outputEnded = true;
            return channel.newSucceededFuture();
        }
        outputEnded = true;
        return endOutput.apply(channel);
    }

    /** Whether the channel can take more writes without exceeding the high water mark. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Waits up to {@code millis} for the channel to close on its own (the peer finishing). */
    public boolean awaitClosed(long millis) {
        return channel.closeFuture().awaitUninterruptibly(millis, TimeUnit.MILLISECONDS);
    }

    /** Closes the channel and its owners, then drops this pipe's event-loop reference. Idempotent. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            for (Channel owner : owners) {
                owner.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        } finally {
            loops.release();
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
        channel.pipeline().get(PipeTail.class).releasePending();
        channel.close().addListener(f -> {
            for (Channel owner : owners) {
                owner.close();
            }
            loops.release();
        });
    }

    @Override
    public String toString() {
        return transport + "://" + address + " " + channel;
    }
}
