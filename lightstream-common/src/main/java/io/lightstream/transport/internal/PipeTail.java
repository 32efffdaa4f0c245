package io.lightstream.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The last handler of every pipe's channel: turns what the transport handlers above it deliver
 * (plain {@link ByteBuf}s and end/failure signals) into {@link PipeEvents} calls.
 *
 * <p>Why it buffers: a pipe becomes usable in the middle of a read (a TLS or WebSocket handshake
 * completes and the peer's first data is in the same segment), before its reader has attached.
 * Until {@link #attach} the tail keeps what arrives and stops reading, so no byte is lost and at
 * most one read's worth is held.
 *
 * <p>Event-loop confined.
 */
public final class PipeTail extends ChannelInboundHandlerAdapter {
    /** User event that transport adapters fire when the peer ended its output cleanly. */
    public static final Object INPUT_END = new Object() {
        @Override
        public String toString() {
            return "INPUT_END";
        }
    };

    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private PipeEvents events;
    private boolean inputEnded;
    private boolean outputEnded;
    private boolean failed;
    private boolean closed;
    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Connects the consumer and replays what arrived before. Must run on the event loop. */
    public void attach(PipeEvents target) {
        if (events != null) {
            throw new IllegalStateException("pipe already has a consumer");
        }
        events = target;
        while (!pending.isEmpty()) {
            Object o = pending.poll();
            dispatch(o);
        }
        if (closed) {
            target.onClosed();
        }
    }

    /**
     * This side's output has ended: with the input ended too, nothing more can flow, so the channel
     * closes (a half-closed socket does not close by itself). Event loop only.
     */
    void outputEnded() {
        outputEnded = true;
        if (inputEnded && ctx != null) {
            ctx.close();
        }
    }

    public boolean isAttached() {
        return events != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            fail(ctx, new IllegalStateException("unexpected message on a byte pipe: " + msg.getClass().getName()));
            return;
        }
        if (inputEnded || failed) {
            buf.release();
            return;
        }
        if (events == null) {
            pending.add(buf);
            ctx.channel().config().setAutoRead(false);
        } else {
            events.onData(buf);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == INPUT_END || evt instanceof ChannelInputShutdownEvent
                || (evt instanceof SslCloseCompletionEvent e && e.isSuccess())) {
            if (!inputEnded && !failed) {
                inputEnded = true;
                deliver(INPUT_END);
                if (outputEnded) {
                    ctx.close();
                }
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (!failed && !closed) {
            failed = true;
            deliver(new Failure(cause));
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (events != null) {
            events.onClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (events != null) {
            events.onWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Drops buffered data that no consumer will take (the pipe is being discarded). Not done when
     * Netty removes the handler on close: a consumer attaching after the close must still get the
     * data that arrived before it.
     */
    void releasePending() {
        Object o;
        while ((o = pending.poll()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    private void deliver(Object o) {
        if (events == null) {
            pending.add(o);
        } else {
            dispatch(o);
        }
    }

    private void dispatch(Object o) {
        if (o instanceof ByteBuf b) {
            events.onData(b);
        } else if (o == INPUT_END) {
            events.onInputEnd();
        } else if (o instanceof Failure f) {
            events.onFailure(f.cause);
        }
    }

    private record Failure(Throwable cause) {}
}
