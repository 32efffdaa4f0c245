package io.lightstream.transport.internal;

/**
 * What this side does with a pipe. It matters where the transport asks: an HTTP/2 connecting reader
 * sends {@code GET} and a writer {@code POST}; a QUIC connecting reader finishes its send side at
 * once; a reader closes the pipe when the peer's data ends.
 */
public enum Role {
    /** Only receives. */
    READ,
    /** Only sends. */
    WRITE,
    /** Sends and receives (the Lightstream connection). */
    DUPLEX
}
