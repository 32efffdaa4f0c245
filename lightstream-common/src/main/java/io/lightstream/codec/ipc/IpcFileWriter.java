package io.lightstream.codec.ipc;

import io.lightstream.ProtocolException;
import io.lightstream.codec.ByteSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes the Arrow IPC file format with every frame aligned (64 bytes by default) counted from the
 * start of the file.
 *
 * <pre>
 * "ARROW1\0\0" [schema] ([dictionary]* [record batch])* [EOS] [footer flatbuffer] [footer length u32 LE] "ARROW1"
 * </pre>
 *
 * <p>A dictionary that grows by appending is written as a delta; any other change is refused, as
 * the file format has no replacement dictionaries. Not thread-safe; does not take ownership of roots
 * or dictionaries.
 */
public final class IpcFileWriter implements AutoCloseable {
    /** The magic at both ends of an IPC file. */
    public static final byte[] MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

    private final ByteSink sink;
    private final IpcMessageEncoder encoder;
    private final Schema schema;
    private final DictionaryTracker dictionaries;
    private final List<MessageBuilder.BlockSpec> dictionaryBlocks = new ArrayList<>();
    private final List<MessageBuilder.BlockSpec> batchBlocks = new ArrayList<>();
    private Schema wireSchema;
    private long position;
    private boolean ended;

    public IpcFileWriter(ByteSink sink, Schema schema, IpcMessageEncoder encoder, boolean preserveDictionaryIds,
            BufferAllocator allocator) {
        this.sink = sink;
        this.encoder = encoder;
        this.schema = schema;
        this.dictionaries = new DictionaryTracker(schema, preserveDictionaryIds, allocator);
    }

    public Schema schema() {
        return schema;
    }

    private void start(DictionaryProvider provider) throws IOException {
        if (wireSchema != null) {
            return;
        }
        Schema wire = dictionaries.wireSchema(provider);
        ByteBuffer head = ByteBuffer.allocate(8);
        head.put(MAGIC).put((byte) 0).put((byte) 0).flip();
        sink.write(head);
        position = 8;
        try (EncodedMessage m = encoder.schema(wire, position)) {
            m.writeTo(sink);
            position += m.frameLength();
        }
        wireSchema = wire;
    }

    /** Writes one batch, preceded by the dictionary batches (or deltas) it needs. */
    public void write(VectorSchemaRoot root, DictionaryProvider provider, Map<String, String> metadata)
            throws IOException {
        if (ended) {
            throw new ProtocolException("write after the file was finished");
        }
        SchemaCheck.requireCompatible(schema, root.getSchema());
        start(provider);
        dictionaries.writeChanges(provider, false, encoder, new DictionaryTracker.MessageOutput() {
            @Override
            public long position() {
                return position;
            }

            @Override
            public void write(EncodedMessage message) throws IOException {
                dictionaryBlocks.add(block(message));
            }
        });
        try (EncodedMessage m = encoder.recordBatch(root, metadata, position)) {
            batchBlocks.add(block(m));
        }
    }

    private MessageBuilder.BlockSpec block(EncodedMessage m) throws IOException {
        MessageBuilder.BlockSpec b = new MessageBuilder.BlockSpec(position, m.metadataLength(),
                m.frameLength() - m.metadataLength());
        m.writeTo(sink);
        position += m.frameLength();
        return b;
    }

    /** Writes the end-of-stream marker, the footer and the closing magic, and flushes. */
    public void finish(DictionaryProvider provider) throws IOException {
        if (ended) {
            return;
        }
        start(provider);
        ended = true;
        sink.write(ByteBuffer.wrap(IpcStreamWriter.EOS));
        position += IpcStreamWriter.EOS.length;
        ByteBuffer footer = encoder.footer(wireSchema, dictionaryBlocks, batchBlocks);
        int footerLength = footer.remaining();
        sink.write(footer);
        ByteBuffer tail = ByteBuffer.allocate(4 + MAGIC.length).order(ByteOrder.LITTLE_ENDIAN);
        tail.putInt(footerLength).put(MAGIC).flip();
        sink.write(tail);
        position += footerLength + tail.capacity();
        sink.flush();
    }

    /** Bytes written so far. */
    public long position() {
        return position;
    }

    /** Record batches written so far. */
    public int batchCount() {
        return batchBlocks.size();
    }

    /** Releases dictionary copies; does not finish the file. */
    @Override
    public void close() {
        dictionaries.close();
    }
}
