package io.lightstream;

import java.util.Arrays;
import java.util.Objects;

/**
 * An opaque Lightstream message frame: the registered type name, its tag on the wire and the payload
 * bytes exactly as sent (Protobuf, MessagePack or anything else by convention between the peers).
 *
 * <p>Immutable. The payload array is owned by the message; {@link #payload()} returns it without a
 * copy, so callers must not modify it.
 */
public record Message(String name, int tag, byte[] payload) implements Item {

    public Message {
        Objects.requireNonNull(payload, "payload");
        if (tag < 0 || tag > 255) {
            throw new IllegalArgumentException("tag must be 0..255, got " + tag);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && m.tag == tag && Objects.equals(m.name, name) && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Objects.hashCode(name) + tag) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Message{name=" + name + ", tag=" + tag + ", " + payload.length + " bytes}";
    }
}
