package io.lightstream.protocol;

import io.lightstream.ProtocolException;
import io.lightstream.codec.ByteSink;
import io.lightstream.codec.ipc.IpcMessageEncoder;
import io.lightstream.codec.ipc.TablePayloadEncoder;
import io.lightstream.codec.tlv.TlvFrameEncoder;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * Writes the Lightstream protocol: opaque messages and Arrow tables multiplexed as TLV frames under
 * the tags of a {@link TypeRegistry}.
 *
 * <pre>
 * message frame : [tag][len u32 LE][payload bytes]
 * table frame   : [tag][len u32 LE][schema][dictionaries][record batch]   first send on the tag
 *                 [tag][len u32 LE][record batch]                         later sends
 * </pre>
 *
 * <p>There is no end marker: the stream ends when the transport closes. Not thread-safe; does not
 * take ownership of roots or dictionaries.
 */
public final class LightstreamEncoder implements AutoCloseable {
    private final ByteSink sink;
    private final TypeRegistry registry;
    private final IpcMessageEncoder ipc;
    private final boolean preserveDictionaryIds;
    private final BufferAllocator allocator;
    private final TlvFrameEncoder tlv = new TlvFrameEncoder();
    private final Map<Integer, TablePayloadEncoder> tables = new HashMap<>();
    private long written;

    public LightstreamEncoder(ByteSink sink, TypeRegistry registry, IpcMessageEncoder ipc,
            boolean preserveDictionaryIds, BufferAllocator allocator) {
        this.sink = sink;
        this.registry = registry;
        this.ipc = ipc;
        this.preserveDictionaryIds = preserveDictionaryIds;
        this.allocator = allocator;
    }

    public TypeRegistry registry() {
        return registry;
    }

    /** Sends an opaque message of the message type {@code name}. */
    public void writeMessage(String name, byte[] payload) throws IOException {
        TypeRegistry.Entry e = registry.require(name, TypeRegistry.Kind.MESSAGE);
        tlv.write(sink, e.tag(), payload);
        written += 5L + payload.length;
    }

    /**
     * Sends one batch of the table type {@code name}. The schema sent is the one registered for the
     * table, else the batch's own.
     */
    public void writeTable(String name, VectorSchemaRoot root, DictionaryProvider dictionaries,
            Map<String, String> metadata) throws IOException {
        TypeRegistry.Entry e = registry.require(name, TypeRegistry.Kind.TABLE);
        TablePayloadEncoder table = tables.computeIfAbsent(e.tag(),
                t -> new TablePayloadEncoder(ipc, preserveDictionaryIds, allocator));
        try (TablePayloadEncoder.Payload p = table.encode(e.schema(), root, dictionaries, metadata)) {
            tlv.writeHeader(sink, e.tag(), p.length());
            p.writeTo(sink);
            written += 5L + p.length();
        }
    }

    /** Sends a raw frame on {@code tag}, bypassing the registry (for relaying frames unchanged). */
    public void writeRaw(int tag, byte[] payload) throws IOException {
        if (registry.byTag(tag) == null) {
            throw new ProtocolException("unknown type tag " + tag);
        }
        tlv.write(sink, tag, payload);
        written += 5L + payload.length;
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return written;
    }

    @Override
    public void close() {
        for (TablePayloadEncoder t : tables.values()) {
            t.close();
        }
        tables.clear();
    }
}
