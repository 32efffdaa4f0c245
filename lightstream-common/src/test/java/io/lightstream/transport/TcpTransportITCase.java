package io.lightstream.transport;

/** The transport contract over {@code tcp://}. */
class TcpTransportITCase extends TransportContractITCase {
    @Override
    protected String scheme() {
        return "tcp";
    }
}
