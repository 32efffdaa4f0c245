package io.lightstream;

/**
 * A Lightstream protocol violation (an unregistered tag, a table frame on a message tag, a 257th
 * registration) or a misuse of the reader/writer API (writing a table under a name never
 * registered, writing after close).
 */
public class ProtocolException extends LightstreamException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
