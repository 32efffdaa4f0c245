package io.lightstream;

/**
 * A transport failed: the peer is absent, reset or closed mid-frame, a TLS handshake failed, the
 * wrong protocol is on the wire, or a file or pipe could not be read or written. The message names
 * the transport and the address.
 */
public class TransportException extends LightstreamException {
    private static final long serialVersionUID = 1L;

    private final String transport;
    private final String address;

    public TransportException(String transport, String address, String message, Throwable cause) {
        super(transport + " " + address + ": " + message, cause);
        this.transport = transport;
        this.address = address;
    }

    public TransportException(String transport, String address, String message) {
        this(transport, address, message, null);
    }

    /** The transport kind, e.g. {@code "tcp"}, {@code "file"}, {@code "stdio"}. */
    public String transport() {
        return transport;
    }

    /** The address or path of the endpoint. */
    public String address() {
        return address;
    }
}
