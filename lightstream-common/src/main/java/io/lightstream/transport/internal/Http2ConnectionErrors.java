package io.lightstream.transport.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Consumer;

/**
 * Last handler of an HTTP/2 connection: remembers why the connection failed (a protocol error, an
 * HTTP/1 peer, a reset), so that its streams can report that instead of a bare "closed", and tells
 * whoever waits for the connection to become usable.
 *
 * <p>The recorded error may be read from any thread.
 */
final class Http2ConnectionErrors extends ChannelInboundHandlerAdapter {
    private volatile Throwable error;
    private final Consumer<Throwable> beforeReady;

    /** @param beforeReady told about the first failure (for a connect or accept still waiting) */
    Http2ConnectionErrors(Consumer<Throwable> beforeReady) {
        this.beforeReady = beforeReady;
    }

    Throwable error() {
        return error;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (error == null) {
            error = cause;
            beforeReady.accept(cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (error == null) {
            beforeReady.accept(new java.nio.channels.ClosedChannelException());
        }
        ctx.fireChannelInactive();
    }
}
