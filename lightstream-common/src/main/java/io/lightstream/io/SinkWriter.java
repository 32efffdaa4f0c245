package io.lightstream.io;

import io.lightstream.LightstreamException;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.ProtocolException;
import io.lightstream.WriteOptions;
import io.lightstream.codec.BodyCodec;
import io.lightstream.codec.ByteSink;
import io.lightstream.codec.ipc.IpcMessageEncoder;
import io.lightstream.codec.ipc.IpcStreamWriter;
import io.lightstream.protocol.LightstreamEncoder;
import io.lightstream.protocol.TypeRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link LightstreamWriter} encoding onto a {@link ByteSink}: an Arrow IPC stream ({@link
 * Protocol#ARROW}) or Lightstream frames ({@link Protocol#LIGHTSTREAM}). Files, pipes and every
 * network transport write through it.
 *
 * <p>On the Lightstream protocol with no registrations in the options, table and message names
 * are registered on first use, in that order (the receiving side must register them in the same
 * order); {@link #write(VectorSchemaRoot, DictionaryProvider, Map)} writes to the single registered
 * table, or to a table named {@value #DEFAULT_TABLE}.
 *
 * <p>Option {@code dictionary.ids}: {@code column} (default) renumbers dictionary ids to column
 * positions, as reference Lightstream readers require; {@code preserve} keeps the schema's ids.
 *
 * <p>Threading and ownership as in {@link LightstreamWriter}.
 */
public final class SinkWriter implements LightstreamWriter {
    /** Table name used by unnamed writes on the Lightstream protocol when nothing is registered. */
    public static final String DEFAULT_TABLE = "table";

    private final ByteSink sink;
    private final Protocol protocol;
    private final Schema schema;
    private final BufferAllocator allocator;
    private final boolean ownsAllocator;
    private final Closeable onClose;
    private final IpcStreamWriter arrow;
    private final LightstreamEncoder lightstream;
    private final boolean autoRegister;
    private final DictionaryProvider defaultDictionaries;
    private DictionaryProvider lastDictionaries;
    private boolean closed;

    private SinkWriter(ByteSink sink, Protocol protocol, Schema schema, WriteOptions options, BufferAllocator allocator,
            boolean ownsAllocator, Closeable onClose) throws ProtocolException {
        this.sink = sink;
        this.protocol = protocol;
        this.schema = schema;
        this.allocator = allocator;
        this.ownsAllocator = ownsAllocator;
        this.onClose = onClose;
        this.defaultDictionaries = options.dictionaries();
        this.lastDictionaries = options.dictionaries();
        BodyCodec codec = options.compression() == io.lightstream.Compression.NONE ? null
                : BodyCodec.forWriting(options.compression(), options.compressionLevel());
        IpcMessageEncoder encoder = new IpcMessageEncoder(options.alignment(), codec, allocator);
        boolean preserveIds = preserveDictionaryIds(options);
        if (protocol == Protocol.ARROW) {
            if (schema == null) {
                throw new IllegalArgumentException("an Arrow stream writer needs a schema");
            }
            this.arrow = new IpcStreamWriter(sink, schema, encoder, preserveIds, allocator);
            this.lightstream = null;
            this.autoRegister = false;
        } else {
            this.arrow = null;
            this.lightstream = new LightstreamEncoder(sink, TypeRegistry.of(options.registrations()), encoder,
                    preserveIds, allocator);
            this.autoRegister = options.registrations().isEmpty();
        }
    }

    /**
     * Opens a writer.
     *
     * @param allocator memory for compression scratch and dictionary copies, or null for a
     *     writer-owned allocator
     * @param onClose closed after the stream has been ended and flushed (the file, pipe or
     *     connection); may be null
     */
    public static SinkWriter open(ByteSink sink, Protocol protocol, Schema schema, WriteOptions options,
            BufferAllocator allocator, Closeable onClose) throws IOException {
        boolean owns = allocator == null;
        BufferAllocator a = owns ? ReaderAllocators.create(options.allocator(), "lightstream-writer", Long.MAX_VALUE)
                : allocator;
        try {
            return new SinkWriter(sink, protocol, schema, options, a, owns, onClose);
        } catch (RuntimeException | ProtocolException e) {
            if (owns) {
                a.close();
            }
            throw e;
        }
    }

    static boolean preserveDictionaryIds(WriteOptions options) {
        String ids = options.property("dictionary.ids", "column");
        return switch (ids) {
            case "column" -> false;
            case "preserve" -> true;
            default -> throw new IllegalArgumentException("dictionary.ids must be 'column' or 'preserve', got '" + ids + "'");
        };
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public void write(VectorSchemaRoot batch, DictionaryProvider dictionaries, Map<String, String> metadata)
            throws IOException {
        ensureOpen();
        DictionaryProvider d = dictionaries != null ? dictionaries : defaultDictionaries;
        if (arrow != null) {
            arrow.write(batch, d, metadata);
            lastDictionaries = d;
            return;
        }
        lightstream.writeTable(defaultTable(), batch, d, metadata);
    }

    private String defaultTable() throws ProtocolException {
        String found = null;
        for (TypeRegistry.Entry e : lightstream.registry().entries()) {
            if (e.kind() == TypeRegistry.Kind.TABLE) {
                if (found != null) {
                    throw new ProtocolException("several tables are registered (" + found + ", " + e.name()
                            + "); name the table to write");
                }
                found = e.name();
            }
        }
        if (found != null) {
            return found;
        }
        if (autoRegister) {
            lightstream.registry().registerTable(DEFAULT_TABLE, schema);
            return DEFAULT_TABLE;
        }
        throw new ProtocolException("no table type is registered on this Lightstream writer");
    }

    @Override
    public void write(String table, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
        ensureOpen();
        if (arrow != null) {
            throw new ProtocolException("named tables need the Lightstream protocol; this writer writes a plain Arrow stream");
        }
        if (autoRegister && lightstream.registry().byName(table) == null) {
            lightstream.registry().registerTable(table);
        }
        lightstream.writeTable(table, batch, dictionaries != null ? dictionaries : defaultDictionaries, Map.of());
    }

    @Override
    public void writeMessage(String name, byte[] payload) throws IOException {
        ensureOpen();
        if (arrow != null) {
            throw new ProtocolException("messages need the Lightstream protocol; this writer writes a plain Arrow stream");
        }
        if (autoRegister && lightstream.registry().byName(name) == null) {
            lightstream.registry().registerMessage(name);
        }
        lightstream.writeMessage(name, payload);
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        sink.flush();
    }

    @Override
    public long bytesWritten() {
        return arrow != null ? arrow.position() : lightstream.bytesWritten();
    }

    private void ensureOpen() throws LightstreamException {
        if (closed) {
            throw new LightstreamException("writer is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (arrow != null) {
                arrow.end(lastDictionaries);
            } else {
                sink.flush();
            }
        } finally {
            try {
                if (onClose != null) {
                    onClose.close();
                }
            } finally {
                if (arrow != null) {
                    arrow.close();
                } else {
                    lightstream.close();
                }
                if (ownsAllocator) {
                    ReaderAllocators.close(allocator, "writer");
                }
            }
        }
    }
}
