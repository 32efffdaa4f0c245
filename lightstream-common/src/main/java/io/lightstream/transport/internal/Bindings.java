package io.lightstream.transport.internal;

import io.lightstream.Endpoint;

/** The {@link TransportBinding} of each network URI scheme. Stateless and thread-safe. */
public final class Bindings {
    private static final TransportBinding TCP = new SocketBinding(false);
    private static final TransportBinding UDS = new SocketBinding(true);
    private static final TransportBinding WS = new WebSocketBinding();
    private static final TransportBinding HTTP2 = new Http2Binding();
    private static final TransportBinding QUIC = new QuicBinding();

    private Bindings() {}

    /** Whether this build has a binding for {@code scheme}. */
    public static boolean serves(Endpoint.Scheme scheme) {
        try {
            of(scheme);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The binding for {@code scheme}.
     *
     * @throws IllegalArgumentException for file and stdio, which are not network transports
     */
    public static TransportBinding of(Endpoint.Scheme scheme) {
        return switch (scheme) {
            case TCP -> TCP;
            case UDS -> UDS;
            case WS, WSS -> WS;
            case HTTP, HTTPS -> HTTP2;
            case QUIC -> QUIC;
            case WT -> throw new IllegalArgumentException("wt:// (WebTransport) is not supported by this build: Netty's"
                    + " HTTP/3 codec has no WebTransport session layer; use quic:// (the same QUIC streams, ALPN ls)"
                    + " or https:// (HTTP/2) instead");
            default -> throw new IllegalArgumentException(scheme.id() + " is not a network transport this build serves");
        };
    }
}
