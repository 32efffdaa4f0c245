package io.lightstream.transport.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.channels.ClosedChannelException;
import java.util.function.Consumer;

/**
 * Reports once when a freshly connected or accepted channel is usable: when it becomes active or,
 * with TLS, when the handshake succeeded; or why it never became so. Removes itself afterwards.
 *
 * <p>Event-loop confined.
 */
final class ReadyHandler extends ChannelInboundHandlerAdapter {
    private final boolean waitForTls;
    private final Consumer<Channel> onReady;
    private final Consumer<Throwable> onFailure;
    private boolean done;

    ReadyHandler(boolean waitForTls, Consumer<Channel> onReady, Consumer<Throwable> onFailure) {
        this.waitForTls = waitForTls;
        this.onReady = onReady;
        this.onFailure = onFailure;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!waitForTls && ctx.channel().isActive()) {
            ready(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (!waitForTls) {
            ready(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !done) {
            if (e.isSuccess()) {
                ready(ctx);
            } else {
                failed(ctx, e.cause());
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // after a reported failure the rest (TLS repeats its handshake error) is already told
        if (!done) {
            failed(ctx, cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            failed(ctx, new ClosedChannelException());
        }
        ctx.fireChannelInactive();
    }

    private void ready(ChannelHandlerContext ctx) {
        if (done) {
            return;
        }
        done = true;
        ctx.pipeline().remove(this);
        onReady.accept(ctx.channel());
    }

    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        done = true;
        onFailure.accept(cause);
        ctx.close();
    }
}
