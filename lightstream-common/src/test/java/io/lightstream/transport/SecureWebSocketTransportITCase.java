package io.lightstream.transport;

/** The transport contract over {@code wss://}. */
class SecureWebSocketTransportITCase extends TransportContractITCase {
    @Override
    protected String scheme() {
        return "wss";
    }
}
