package io.lightstream;

import java.io.IOException;

/**
 * Base of every error this library raises for bad input, bad configuration, protocol misuse or a
 * failed transport.
 *
 * <p>It is an {@link IOException} so that engine code that reads or writes through the library
 * (Flink split readers, Connect tasks) handles it as the I/O failure it is. Subclasses say which
 * part failed: {@link FormatException} (malformed bytes), {@link LimitExceededException} (a
 * configured limit), {@link ProtocolException} (the Lightstream protocol or API misuse), {@link
 * TransportException} (the network or the pipe).
 */
public class LightstreamException extends IOException {
    private static final long serialVersionUID = 1L;

    public LightstreamException(String message) {
        super(message);
    }

    public LightstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
