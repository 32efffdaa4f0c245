package io.lightstream.codec.ipc;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.DictionaryEncoding;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds the FlatBuffers metadata of Arrow IPC messages and file footers.
 *
 * <p>Objects are created in the same order as the reference Lightstream encoder (for a field:
 * name, children, dictionary encoding, type, field), so that for the types that library writes the
 * metadata is byte-for-byte what it writes. Schema and field custom metadata, which the reference
 * drops, are written when present.
 *
 * <p>Not thread-safe: one builder per encoder. Each {@code build*} call returns a view of the
 * builder's internal buffer, valid until the next call.
 */
final class MessageBuilder {
    private final FlatBufferBuilder fbb = new FlatBufferBuilder(1024);

    /** One buffer descriptor of a record batch body. */
    record BufferSpec(long offset, long length) {}

    /** One field node of a record batch. */
    record NodeSpec(long length, long nullCount) {}

    /** Position and sizes of a message in an IPC file. */
    record BlockSpec(long offset, int metadataLength, long bodyLength) {}

    ByteBuffer buildSchema(Schema schema) {
        fbb.clear();
        int schemaOffset = schemaTable(schema);
        int msg = message(MessageHeader.Schema, schemaOffset, 0, null);
        fbb.finish(msg);
        return fbb.dataBuffer();
    }

    ByteBuffer buildRecordBatch(long rows, List<NodeSpec> nodes, List<BufferSpec> buffers, List<Long> variadicCounts,
            byte codec, long bodyLength, Map<String, String> metadata) {
        fbb.clear();
        int rb = recordBatchTable(rows, nodes, buffers, variadicCounts, codec);
        int msg = message(MessageHeader.RecordBatch, rb, bodyLength, metadata);
        fbb.finish(msg);
        return fbb.dataBuffer();
    }

    ByteBuffer buildDictionaryBatch(long id, boolean delta, long rows, List<NodeSpec> nodes, List<BufferSpec> buffers,
            List<Long> variadicCounts, byte codec, long bodyLength) {
        fbb.clear();
        int rb = recordBatchTable(rows, nodes, buffers, variadicCounts, codec);
        int db = DictionaryBatch.createDictionaryBatch(fbb, id, rb, delta);
        int msg = message(MessageHeader.DictionaryBatch, db, bodyLength, null);
        fbb.finish(msg);
        return fbb.dataBuffer();
    }

    ByteBuffer buildFooter(Schema schema, List<BlockSpec> dictionaries, List<BlockSpec> batches) {
        fbb.clear();
        int schemaOffset = schemaTable(schema);
        Footer.startDictionariesVector(fbb, dictionaries.size());
        for (int i = dictionaries.size() - 1; i >= 0; i--) {
            BlockSpec b = dictionaries.get(i);
            Block.createBlock(fbb, b.offset(), b.metadataLength(), b.bodyLength());
        }
        int dicts = fbb.endVector();
        Footer.startRecordBatchesVector(fbb, batches.size());
        for (int i = batches.size() - 1; i >= 0; i--) {
            BlockSpec b = batches.get(i);
            Block.createBlock(fbb, b.offset(), b.metadataLength(), b.bodyLength());
        }
        int rbs = fbb.endVector();
        int footer = Footer.createFooter(fbb, MetadataVersion.V5, schemaOffset, dicts, rbs, 0);
        fbb.finish(footer);
        return fbb.dataBuffer();
    }

    private int message(byte headerType, int header, long bodyLength, Map<String, String> metadata) {
        int custom = keyValues(metadata);
        return Message.createMessage(fbb, MetadataVersion.V5, headerType, header, bodyLength, custom);
    }

    private int recordBatchTable(long rows, List<NodeSpec> nodes, List<BufferSpec> buffers, List<Long> variadicCounts,
            byte codec) {
        RecordBatch.startNodesVector(fbb, nodes.size());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            NodeSpec n = nodes.get(i);
            org.apache.arrow.flatbuf.FieldNode.createFieldNode(fbb, n.length(), n.nullCount());
        }
        int nodesVec = fbb.endVector();
        RecordBatch.startBuffersVector(fbb, buffers.size());
        for (int i = buffers.size() - 1; i >= 0; i--) {
            BufferSpec b = buffers.get(i);
            org.apache.arrow.flatbuf.Buffer.createBuffer(fbb, b.offset(), b.length());
        }
        int buffersVec = fbb.endVector();
        int compression = codec < 0 ? 0 : BodyCompression.createBodyCompression(fbb, codec, (byte) 0);
        int variadic = 0;
        if (variadicCounts != null && !variadicCounts.isEmpty()) {
            long[] counts = new long[variadicCounts.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = variadicCounts.get(i);
            }
            variadic = RecordBatch.createVariadicBufferCountsVector(fbb, counts);
        }
        return RecordBatch.createRecordBatch(fbb, rows, nodesVec, buffersVec, compression, variadic);
    }

    private int schemaTable(Schema schema) {
        List<Field> fields = schema.getFields();
        int[] fieldOffsets = new int[fields.size()];
        for (int i = 0; i < fieldOffsets.length; i++) {
            fieldOffsets[i] = field(fields.get(i));
        }
        int fieldsVec = org.apache.arrow.flatbuf.Schema.createFieldsVector(fbb, fieldOffsets);
        int custom = keyValues(schema.getCustomMetadata());
        org.apache.arrow.flatbuf.Schema.startSchema(fbb);
        org.apache.arrow.flatbuf.Schema.addFields(fbb, fieldsVec);
        if (custom != 0) {
            org.apache.arrow.flatbuf.Schema.addCustomMetadata(fbb, custom);
        }
        return org.apache.arrow.flatbuf.Schema.endSchema(fbb);
    }

    private int field(Field field) {
        int name = field.getName() == null ? 0 : fbb.createString(field.getName());
        List<Field> children = field.getChildren();
        int[] childOffsets = new int[children.size()];
        for (int i = 0; i < childOffsets.length; i++) {
            childOffsets[i] = field(children.get(i));
        }
        int childrenVec = org.apache.arrow.flatbuf.Field.createChildrenVector(fbb, childOffsets);
        int dictionary = 0;
        org.apache.arrow.vector.types.pojo.DictionaryEncoding encoding = field.getDictionary();
        if (encoding != null) {
            ArrowType.Int index = encoding.getIndexType();
            int indexType = org.apache.arrow.flatbuf.Int.createInt(fbb, index.getBitWidth(), index.getIsSigned());
            dictionary = DictionaryEncoding.createDictionaryEncoding(fbb, encoding.getId(), indexType,
                    encoding.isOrdered(), (short) 0);
        }
        int type = field.getType().getType(fbb);
        int custom = keyValues(field.getMetadata());
        return org.apache.arrow.flatbuf.Field.createField(fbb, name, field.isNullable(),
                field.getType().getTypeID().getFlatbufID(), type, dictionary, childrenVec, custom);
    }

    private int keyValues(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return 0;
        }
        int[] kvs = new int[metadata.size()];
        int i = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            int key = fbb.createString(e.getKey());
            int value = fbb.createString(e.getValue());
            kvs[i++] = KeyValue.createKeyValue(fbb, key, value);
        }
        return Message.createCustomMetadataVector(fbb, kvs);
    }
}
