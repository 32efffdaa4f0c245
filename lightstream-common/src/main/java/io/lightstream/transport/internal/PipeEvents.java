package io.lightstream.transport.internal;

import io.netty.buffer.ByteBuf;

/**
 * What a reader or writer hears from its {@link Pipe}. Every method runs on the pipe's event loop
 * and must not block.
 */
public interface PipeEvents {

    /** Bytes arrived; the callee owns {@code data} and must release it. */
    void onData(ByteBuf data);

    /** The peer ended its output cleanly (FIN, WebSocket close, HTTP/2 or QUIC end of stream). */
    void onInputEnd();

    /** The transport failed; the pipe closes right after. */
    void onFailure(Throwable cause);

    /** The pipe's channel closed (after any of the above, or on its own). */
    void onClosed();

    /** The channel's writability changed: false when more than the high water mark is queued. */
    default void onWritabilityChanged(boolean writable) {}
}
