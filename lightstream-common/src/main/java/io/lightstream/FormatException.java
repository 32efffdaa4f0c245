package io.lightstream;

/**
 * Malformed input: bytes that do not form a valid Arrow IPC stream or file, TLV frame, or
 * Lightstream table payload.
 *
 * <p>The message names what was wrong; {@link #offset()} is the byte offset in the input (the
 * stream, file or payload named in the message) at which the offending structure starts, or -1 where
 * no position applies.
 */
public class FormatException extends LightstreamException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public FormatException(String message, long offset) {
        super(offset >= 0 ? message + " (at byte offset " + offset + ")" : message);
        this.offset = offset;
    }

    public FormatException(String message, long offset, Throwable cause) {
        super(offset >= 0 ? message + " (at byte offset " + offset + ")" : message, cause);
        this.offset = offset;
    }

    /** Byte offset of the offending structure in its input, or -1 when not applicable. */
    public long offset() {
        return offset;
    }
}
