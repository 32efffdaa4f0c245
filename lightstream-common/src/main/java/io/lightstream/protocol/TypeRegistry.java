package io.lightstream.protocol;

import io.lightstream.ProtocolException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Lightstream protocol's type registry: names of message and table types, each given the next
 * tag from one shared counter in registration order (first registration is tag 0).
 *
 * <p>Names never travel on the wire and there is no handshake: both peers must register the same
 * kinds in the same order. A 257th registration is an error (the reference library wraps around
 * silently; this one refuses). Not thread-safe; register everything before the first frame.
 */
public final class TypeRegistry {
    /** The most types one registry can hold: tags are one byte. */
    public static final int MAX_TYPES = 256;

    /** What a tag carries. */
    public enum Kind {
        /** Opaque bytes. */
        MESSAGE,
        /** Arrow record batches (IPC messages inside the frame payload). */
        TABLE
    }

    /** One registered type. {@code schema} is optional and informative only; tables carry their schema in-band. */
    public record Entry(int tag, String name, Kind kind, Schema schema) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> byName = new HashMap<>();

    /** Registers an opaque message type and returns its tag. */
    public int registerMessage(String name) throws ProtocolException {
        return register(name, Kind.MESSAGE, null);
    }

    /** Registers a table type and returns its tag. */
    public int registerTable(String name, Schema schema) throws ProtocolException {
        return register(name, Kind.TABLE, schema);
    }

    /** Registers a table type with no declared schema and returns its tag. */
    public int registerTable(String name) throws ProtocolException {
        return register(name, Kind.TABLE, null);
    }

    /** Registers {@code entry}'s name and kind at the next tag (its own tag is ignored). */
    public int register(Entry entry) throws ProtocolException {
        return register(entry.name(), entry.kind(), entry.schema());
    }

    private int register(String name, Kind kind, Schema schema) throws ProtocolException {
        Objects.requireNonNull(name, "name");
        if (byName.containsKey(name)) {
            throw new ProtocolException("type name '" + name + "' is already registered as tag " + byName.get(name).tag());
        }
        if (entries.size() >= MAX_TYPES) {
            throw new ProtocolException("cannot register '" + name + "': a Lightstream connection holds at most "
                    + MAX_TYPES + " types (tags are one byte)");
        }
        Entry e = new Entry(entries.size(), name, kind, schema);
        entries.add(e);
        byName.put(name, e);
        return e.tag();
    }

    /** The entry for {@code tag}, or null if no type has that tag. */
    public Entry byTag(int tag) {
        return tag >= 0 && tag < entries.size() ? entries.get(tag) : null;
    }

    /** The entry named {@code name}, or null. */
    public Entry byName(String name) {
        return byName.get(name);
    }

    /** The entry named {@code name} of the given kind, or a {@link ProtocolException} naming the problem. */
    public Entry require(String name, Kind kind) throws ProtocolException {
        Entry e = byName.get(name);
        if (e == null) {
            throw new ProtocolException("unknown type name '" + name + "'");
        }
        if (e.kind() != kind) {
            throw new ProtocolException("type tag " + e.tag() + " ('" + name + "') is not a "
                    + (kind == Kind.TABLE ? "table" : "message") + " type");
        }
        return e;
    }

    public int size() {
        return entries.size();
    }

    /** Registered entries in tag order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** A registry with the same entries. */
    public TypeRegistry copy() {
        TypeRegistry r = new TypeRegistry();
        r.entries.addAll(entries);
        r.byName.putAll(byName);
        return r;
    }

    /** A registry holding {@code entries} re-registered in order. */
    public static TypeRegistry of(List<Entry> entries) throws ProtocolException {
        TypeRegistry r = new TypeRegistry();
        for (Entry e : entries) {
            r.register(e);
        }
        return r;
    }
}
