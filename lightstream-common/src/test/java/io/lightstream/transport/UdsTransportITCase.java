package io.lightstream.transport;

/** The transport contract over {@code uds://}. */
class UdsTransportITCase extends TransportContractITCase {
    @Override
    protected String scheme() {
        return "uds";
    }
}
