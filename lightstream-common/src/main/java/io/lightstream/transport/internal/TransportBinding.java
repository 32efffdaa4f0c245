package io.lightstream.transport.internal;

import io.lightstream.Endpoint;
import io.lightstream.LightstreamException;
import io.lightstream.transport.TransportOptions;
import java.util.List;

/**
 * How one URI scheme makes pipes: by connecting to a peer or by binding and waiting for peers.
 * Implementations are stateless and thread-safe.
 */
public interface TransportBinding {

    /**
     * Opens {@code count} pipes to the peer at {@code endpoint}: separate connections, or streams of
     * one connection where the transport multiplexes (HTTP/2, QUIC). Retries refused or timed-out
     * attempts as the options say; blocks until all pipes are open.
     */
    List<Pipe> connect(Endpoint endpoint, TransportOptions options, Role role, int count) throws LightstreamException;

    /** Binds {@code endpoint} and returns the listener that yields each peer's pipes. */
    PipeListener bind(Endpoint endpoint, TransportOptions options, Role role) throws LightstreamException;
}
