package io.lightstream.codec.ipc;

import io.lightstream.codec.Alignment;
import io.lightstream.codec.BodyCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BufferLayout;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Encodes schemas, record batches and dictionary batches into {@link EncodedMessage}s at a given
 * alignment, with optional body compression.
 *
 * <p>Body layout: buffers in Arrow's standard order, each starting at a multiple of the alignment
 * and padded to the next one, padding counted in {@code bodyLength}; a validity buffer of a column
 * without nulls is written as {@code Buffer{0,0}} (no bytes), as the reference library does. The
 * metadata is padded so that the body starts on an alignment boundary counted from the stream or
 * file start. Dictionary batches are never compressed (the reference reader cannot decompress them).
 *
 * <p>Not thread-safe. Encoded messages reference the vectors' memory: write them before the
 * vectors change.
 */
public final class IpcMessageEncoder {
    private final Alignment alignment;
    private final BodyCodec codec;
    private final BufferAllocator allocator;
    private final MessageBuilder builder = new MessageBuilder();

    /**
     * @param codec body compression, or null for none
     * @param allocator memory for compressed buffers (unused without compression)
     */
    public IpcMessageEncoder(Alignment alignment, BodyCodec codec, BufferAllocator allocator) {
        this.alignment = alignment;
        this.codec = codec;
        this.allocator = allocator;
    }

    public Alignment alignment() {
        return alignment;
    }

    /** The schema message, to start at {@code position} (bytes from the stream or file start). */
    public EncodedMessage schema(Schema schema, long position) {
        return EncodedMessage.metadataOnly(builder.buildSchema(schema), position, alignment);
    }

    /** A record batch of all of {@code root}'s vectors. */
    public EncodedMessage recordBatch(VectorSchemaRoot root, Map<String, String> metadata, long position)
            throws IOException {
        return recordBatch(root.getFieldVectors(), root.getRowCount(), metadata, position);
    }

    /** A record batch of {@code vectors} with {@code rowCount} rows. */
    public EncodedMessage recordBatch(List<FieldVector> vectors, int rowCount, Map<String, String> metadata,
            long position) throws IOException {
        Body body = layOut(vectors, codec);
        try {
            ByteBuffer fb = builder.buildRecordBatch(rowCount, body.nodes, body.specs, body.variadic,
                    codec == null ? -1 : codec.codecId(), body.length, metadata);
            return body.toMessage(fb, position);
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
    }

    /** A dictionary batch carrying {@code values} (all of it) under dictionary {@code id}. */
    public EncodedMessage dictionaryBatch(long id, FieldVector values, boolean delta, long position)
            throws IOException {
        Body body = layOut(List.of(values), null);
        try {
            ByteBuffer fb = builder.buildDictionaryBatch(id, delta, values.getValueCount(), body.nodes, body.specs,
                    body.variadic, (byte) -1, body.length);
            return body.toMessage(fb, position);
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
    }

    /** The file footer flatbuffer (unpadded). */
    ByteBuffer footer(Schema schema, List<MessageBuilder.BlockSpec> dictionaries,
            List<MessageBuilder.BlockSpec> batches) {
        return builder.buildFooter(schema, dictionaries, batches);
    }

    private Body layOut(List<FieldVector> vectors, BodyCodec bodyCodec) throws IOException {
        Body body = new Body();
        try {
            for (FieldVector v : vectors) {
                append(v, body, bodyCodec);
            }
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e;
        }
        return body;
    }

    private void append(FieldVector vector, Body body, BodyCodec bodyCodec) throws IOException {
        long nullCount = vector.getNullCount();
        body.nodes.add(new MessageBuilder.NodeSpec(vector.getValueCount(), nullCount));
        List<ArrowBuf> buffers = vector.getFieldBuffers();
        List<BufferLayout.BufferType> types = TypeLayout.getTypeLayout(vector.getField().getType()).getBufferTypes();
        if (vector instanceof BaseVariableWidthViewVector) {
            body.variadic.add((long) (buffers.size() - 2));
        }
        for (int i = 0; i < buffers.size(); i++) {
            ArrowBuf buf = buffers.get(i);
            boolean validity = i < types.size() && types.get(i) == BufferLayout.BufferType.VALIDITY;
            if (validity && nullCount == 0) {
                body.specs.add(new MessageBuilder.BufferSpec(0, 0));
                continue;
            }
            long size = buf.readableBytes();
            if (size > buf.capacity()) {
                // An empty vector that never allocated its offsets reports the one offset it owes
                // (a zero) as readable; write it as the zeros it stands for.
                ArrowBuf zeros = allocator.buffer(size);
                zeros.setZero(0, size);
                zeros.setBytes(0, buf, 0, buf.capacity());
                zeros.writerIndex(size);
                body.add(zeros, size, bodyCodec);
                zeros.close();
                continue;
            }
            body.add(buf, size, bodyCodec);
        }
        for (FieldVector child : vector.getChildrenFromFields()) {
            append(child, body, bodyCodec);
        }
    }

    /** Body under construction. */
    private final class Body {
        final List<MessageBuilder.NodeSpec> nodes = new ArrayList<>();
        final List<MessageBuilder.BufferSpec> specs = new ArrayList<>();
        final List<Long> variadic = new ArrayList<>();
        final List<EncodedMessage.Part> parts = new ArrayList<>();
        final List<ArrowBuf> owned = new ArrayList<>();
        long length;

        void add(ArrowBuf buf, long size, BodyCodec bodyCodec) throws IOException {
            if (size == 0) {
                specs.add(new MessageBuilder.BufferSpec(length, 0));
                return;
            }
            if (bodyCodec != null) {
                ArrowBuf compressed = bodyCodec.compress(buf, 0, size, allocator);
                if (compressed != null) {
                    owned.add(compressed);
                    addPart(new EncodedMessage.Part(0, false, compressed, 0, compressed.writerIndex(), 0));
                } else {
                    buf.getReferenceManager().retain();
                    owned.add(buf);
                    addPart(new EncodedMessage.Part(BodyCodec.STORED_UNCOMPRESSED, true, buf, 0, size, 0));
                }
                return;
            }
            buf.getReferenceManager().retain();
            owned.add(buf);
            addPart(new EncodedMessage.Part(0, false, buf, 0, size, 0));
        }

        private void addPart(EncodedMessage.Part p) {
            long dataLength = (p.hasPrefix() ? 8 : 0) + p.length();
            int pad = alignment.padding(dataLength);
            specs.add(new MessageBuilder.BufferSpec(length, dataLength));
            parts.add(new EncodedMessage.Part(p.prefix(), p.hasPrefix(), p.buf(), p.index(), p.length(), pad));
            length += dataLength + pad;
        }

        EncodedMessage toMessage(ByteBuffer flatbuffer, long position) {
            byte[] meta = new byte[flatbuffer.remaining()];
            flatbuffer.get(meta);
            int metaPad = alignment.padding(position + 8 + meta.length);
            return new EncodedMessage(meta, metaPad, parts, length, 0, owned);
        }

        void release() {
            for (ArrowBuf b : owned) {
                b.close();
            }
            owned.clear();
        }
    }
}
