package io.lightstream.transport.internal;

import java.io.IOException;

/**
 * The peer broke the framing of the transport itself (a WebSocket text frame, an unmasked client
 * frame, an HTTP/1 reply where HTTP/2 was expected). Becomes a {@link io.lightstream.TransportException}
 * at the reader or writer.
 */
public final class WireProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public WireProtocolException(String message) {
        super(message);
    }
}
