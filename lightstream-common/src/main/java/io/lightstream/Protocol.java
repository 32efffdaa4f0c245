package io.lightstream;

import java.util.Locale;

/** What travels on a byte pipe (a network transport or stdio). */
public enum Protocol {
    /** One plain Arrow IPC stream: schema, dictionaries, batches, end-of-stream. */
    ARROW,
    /** Lightstream TLV frames: registered tables and opaque messages multiplexed on one pipe. */
    LIGHTSTREAM;

    /** Parses {@code arrow} or {@code lightstream} (case-insensitive). */
    public static Protocol parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "arrow":
                return ARROW;
            case "lightstream", "ls", "tlv":
                return LIGHTSTREAM;
            default:
                throw new IllegalArgumentException("unknown protocol '" + name + "' (expected arrow or lightstream)");
        }
    }

    /** The format of this protocol when stored as a file or written to a pipe. */
    public Format streamFormat() {
        return this == ARROW ? Format.ARROW_STREAM : Format.LIGHTSTREAM;
    }
}
