package io.lightstream.codec.ipc;

import io.lightstream.FormatException;
import io.lightstream.codec.DecodeLimits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads FlatBuffers metadata from untrusted bytes.
 *
 * <p>FlatBuffers' Java runtime does not verify buffers, so every access here is bounded: vector
 * lengths are checked against the buffer size and the configured limits before they are iterated,
 * nesting is bounded, and any out-of-range access becomes a {@link FormatException} naming the
 * message and its offset instead of an unchecked exception.
 *
 * <p>Stateless and thread-safe.
 */
final class MessageParser {
    private MessageParser() {}

    /** Parses a {@code Message} root from {@code metadata} (position 0 to limit). */
    static Message message(ByteBuffer metadata, long offset) throws FormatException {
        ByteBuffer bb = metadata.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (bb.remaining() < 8) {
            throw new FormatException("IPC message metadata of " + bb.remaining() + " bytes is too short", offset);
        }
        try {
            int root = bb.getInt(0);
            if (root < 4 || root > bb.remaining() - 4) {
                throw new FormatException("IPC message flatbuffer root offset " + root + " is outside its "
                        + bb.remaining() + " bytes", offset);
            }
            Message m = Message.getRootAsMessage(bb);
            short version = m.version();
            if (version < MetadataVersion.V4 || version > MetadataVersion.V5) {
                throw new FormatException("unsupported Arrow metadata version " + version
                        + " (V4 and V5 are supported)", offset);
            }
            m.headerType();
            if (m.bodyLength() < 0) {
                throw new FormatException("negative IPC bodyLength " + m.bodyLength(), offset);
            }
            return m;
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed("IPC message", offset, e);
        }
    }

    /** Parses a file {@code Footer} root. */
    static Footer footer(ByteBuffer bytes, long offset) throws FormatException {
        ByteBuffer bb = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        try {
            int root = bb.getInt(0);
            if (root < 4 || root > bb.remaining() - 4) {
                throw new FormatException("IPC file footer root offset " + root + " is outside its "
                        + bb.remaining() + " bytes", offset);
            }
            return Footer.getRootAsFooter(bb);
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed("IPC file footer", offset, e);
        }
    }

    /**
     * Converts a flatbuffer schema to Arrow Java's schema (message format: dictionary-encoded
     * fields carry their value type), after checking its size and shape against {@code limits}.
     */
    static Schema schema(org.apache.arrow.flatbuf.Schema fb, int bufferSize, DecodeLimits limits, long offset)
            throws FormatException {
        try {
            if (fb.endianness() != Endianness.Little) {
                throw new FormatException("big-endian Arrow data is not supported", offset);
            }
            int[] count = {0};
            int n = checkedLength(fb.fieldsLength(), bufferSize, "schema fields", limits.maxFields(), offset);
            for (int i = 0; i < n; i++) {
                walk(fb.fields(i), 1, count, bufferSize, limits, offset);
            }
            checkedLength(fb.customMetadataLength(), bufferSize, "schema metadata entries", limits.maxFields(), offset);
            return Schema.convertSchema(fb);
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed("IPC schema", offset, e);
        }
    }

    private static void walk(org.apache.arrow.flatbuf.Field f, int depth, int[] count, int bufferSize,
            DecodeLimits limits, long offset) throws FormatException {
        if (f == null) {
            throw new FormatException("IPC schema has a missing field", offset);
        }
        DecodeLimits.check("schema nesting depth", depth, limits.maxNestingDepth(), offset);
        count[0]++;
        DecodeLimits.check("schema fields", count[0], limits.maxFields(), offset);
        if (f.typeType() == org.apache.arrow.flatbuf.Type.NONE) {
            throw new FormatException("field '" + f.name() + "' has no type", offset);
        }
        if (f.typeType() == org.apache.arrow.flatbuf.Type.Union) {
            org.apache.arrow.flatbuf.Union u = (org.apache.arrow.flatbuf.Union) f.type(new org.apache.arrow.flatbuf.Union());
            if (u == null) {
                throw new FormatException("union field '" + f.name() + "' has no union table", offset);
            }
            checkedLength(u.typeIdsLength(), bufferSize, "union type ids", limits.maxFields(), offset);
        }
        checkedLength(f.customMetadataLength(), bufferSize, "field metadata entries", limits.maxFields(), offset);
        int n = checkedLength(f.childrenLength(), bufferSize, "field children", limits.maxFields(), offset);
        for (int i = 0; i < n; i++) {
            walk(f.children(i), depth + 1, count, bufferSize, limits, offset);
        }
    }

    /** A vector length that is non-negative, fits the buffer (4 bytes an entry at least) and the limit. */
    static int checkedLength(int length, int bufferSize, String what, long cap, long offset) throws FormatException {
        if (length < 0 || (long) length * 4 > bufferSize) {
            throw new FormatException("IPC metadata claims " + length + " " + what + ", more than its "
                    + bufferSize + " bytes can hold", offset);
        }
        DecodeLimits.check(what, length, cap, offset);
        return length;
    }

    /** Custom metadata of a message as a map (empty when absent). */
    static Map<String, String> customMetadata(Message m, int bufferSize, DecodeLimits limits, long offset)
            throws FormatException {
        try {
            int n = checkedLength(m.customMetadataLength(), bufferSize, "message metadata entries", limits.maxFields(),
                    offset);
            if (n == 0) {
                return Map.of();
            }
            Map<String, String> out = new HashMap<>();
            KeyValue kv = new KeyValue();
            for (int i = 0; i < n; i++) {
                m.customMetadata(kv, i);
                if (kv.key() == null || kv.value() == null) {
                    throw new FormatException("message custom metadata entry " + i + " lacks a key or value", offset);
                }
                out.put(kv.key(), kv.value());
            }
            return out;
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed("IPC message custom metadata", offset, e);
        }
    }

    /** Reads {@code n} longs of a flatbuffer vector accessor, bounds-checked. */
    static List<Long> longs(int n, java.util.function.IntToLongFunction get) {
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(get.applyAsLong(i));
        }
        return out;
    }

    static FormatException malformed(String what, long offset, RuntimeException cause) {
        return new FormatException("malformed " + what + " flatbuffer: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), offset, cause);
    }
}
