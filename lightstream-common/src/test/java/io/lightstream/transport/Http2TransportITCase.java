package io.lightstream.transport;

/** The transport contract over {@code http://}. */
class Http2TransportITCase extends TransportContractITCase {
    @Override
    protected String scheme() {
        return "http";
    }
}
