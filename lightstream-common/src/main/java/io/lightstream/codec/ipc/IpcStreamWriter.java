package io.lightstream.codec.ipc;

import io.lightstream.ProtocolException;
import io.lightstream.codec.ByteSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes one Arrow IPC stream: schema, dictionary batches as needed, record batches, end-of-stream
 * marker. Every frame is padded to the encoder's alignment (64 by default), so the output is
 * readable by the reference Lightstream readers as well as by every standard Arrow reader.
 *
 * <pre>
 * [schema] ([dictionary]* [record batch])* [FF FF FF FF 00 00 00 00]
 * </pre>
 *
 * <p>Not thread-safe. Does not take ownership of the roots or dictionaries it writes; owns the
 * dictionary copies it keeps to detect changes, released by {@link #close()}.
 */
public final class IpcStreamWriter implements AutoCloseable {
    /** The end-of-stream marker: continuation token and a zero metadata length. */
    public static final byte[] EOS = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0};

    private final ByteSink sink;
    private final IpcMessageEncoder encoder;
    private final DictionaryTracker dictionaries;
    private final Schema schema;
    private long position;
    private boolean started;
    private boolean ended;
    private long batches;

    /**
     * @param preserveDictionaryIds keep the schema's dictionary ids instead of renumbering them to
     *     column positions (see {@link DictionaryTracker})
     */
    public IpcStreamWriter(ByteSink sink, Schema schema, IpcMessageEncoder encoder, boolean preserveDictionaryIds,
            BufferAllocator allocator) {
        this.sink = sink;
        this.encoder = encoder;
        this.schema = schema;
        this.dictionaries = new DictionaryTracker(schema, preserveDictionaryIds, allocator);
    }

    /** The schema batches must match (with the caller's dictionary ids). */
    public Schema schema() {
        return schema;
    }

    /**
     * Writes the schema message if not yet written.
     *
     * @param provider dictionaries of the encoded columns, whose value types the schema message
     *     names; may be null when the schema has no dictionary-encoded column
     */
    public void start(DictionaryProvider provider) throws IOException {
        if (!started) {
            Schema wire = dictionaries.wireSchema(provider);
            started = true;
            try (EncodedMessage m = encoder.schema(wire, position)) {
                write(m);
            }
        }
    }

    /** Writes one batch, preceded by the dictionary batches it needs. */
    public void write(VectorSchemaRoot root, DictionaryProvider provider, Map<String, String> metadata)
            throws IOException {
        if (ended) {
            throw new ProtocolException("write after the end of the stream");
        }
        SchemaCheck.requireCompatible(schema, root.getSchema());
        start(provider);
        dictionaries.writeChanges(provider, true, encoder, new DictionaryTracker.MessageOutput() {
            @Override
            public long position() {
                return position;
            }

            @Override
            public void write(EncodedMessage message) throws IOException {
                IpcStreamWriter.this.write(message);
            }
        });
        try (EncodedMessage m = encoder.recordBatch(root, metadata, position)) {
            write(m);
        }
        batches++;
    }

    /**
     * Writes the end-of-stream marker (after the schema if nothing was written yet) and flushes.
     *
     * @param provider dictionaries for the schema message if no batch was written; may be null
     */
    public void end(DictionaryProvider provider) throws IOException {
        if (ended) {
            return;
        }
        start(provider);
        ended = true;
        sink.write(ByteBuffer.wrap(EOS));
        position += EOS.length;
        sink.flush();
    }

    /** Bytes written so far. */
    public long position() {
        return position;
    }

    /** Record batches written so far. */
    public long batchCount() {
        return batches;
    }

    private void write(EncodedMessage m) throws IOException {
        m.writeTo(sink);
        position += m.frameLength();
    }

    /** Releases the dictionary copies. Does not end the stream or close the sink. */
    @Override
    public void close() {
        dictionaries.close();
    }
}
