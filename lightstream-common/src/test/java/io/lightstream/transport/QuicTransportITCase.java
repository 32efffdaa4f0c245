package io.lightstream.transport;

/** The transport contract over {@code quic://}. */
class QuicTransportITCase extends TransportContractITCase {
    @Override
    protected String scheme() {
        return "quic";
    }
}
