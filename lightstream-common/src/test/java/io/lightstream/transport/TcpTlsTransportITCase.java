package io.lightstream.transport;

/** The transport contract over {@code tcp://} inside TLS (server certificate verified against a test CA). */
class TcpTlsTransportITCase extends TransportContractITCase {
    @Override
    protected String scheme() {
        return "tcp";
    }

    @Override
    protected boolean tcpTls() {
        return true;
    }
}
