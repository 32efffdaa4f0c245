package io.lightstream.transport;

/** The transport contract over {@code https://}. */
class Http2TlsTransportITCase extends TransportContractITCase {
    @Override
    protected String scheme() {
        return "https";
    }
}
