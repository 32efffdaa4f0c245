package io.lightstream.transport;

/** The transport contract over {@code ws://}. */
class WebSocketTransportITCase extends TransportContractITCase {
    @Override
    protected String scheme() {
        return "ws";
    }
}
