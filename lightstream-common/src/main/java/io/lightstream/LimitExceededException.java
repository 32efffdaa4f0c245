package io.lightstream;

/**
 * A length, count or size in the input is above a configured {@link
 * io.lightstream.codec.DecodeLimits limit}. Raised before anything of that size is allocated.
 */
public class LimitExceededException extends FormatException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final long requested;
    private final long cap;

    public LimitExceededException(String what, long requested, long cap, long offset) {
        super("resource limit exceeded: " + what + " requested " + requested + " (cap " + cap + ")", offset);
        this.what = what;
        this.requested = requested;
        this.cap = cap;
    }

    /** Which limit was hit, e.g. {@code "IPC body bytes"}. */
    public String what() {
        return what;
    }

    /** The value found in the input. */
    public long requested() {
        return requested;
    }

    /** The configured maximum. */
    public long cap() {
        return cap;
    }
}
