package io.lightstream.codec.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Compression;
import io.lightstream.LimitExceededException;
import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.Alignment;
import io.lightstream.codec.ByteArraySink;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.io.SinkWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Format corners: legacy prefixes, stored-uncompressed buffers, decompression caps, metadata, alignment in memory. */
class CodecEdgeCasesTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("text", new FieldType(true, ArrowType.Utf8.INSTANCE, null, Map.of("unit", "words")), null),
            new Field("blob", FieldType.nullable(ArrowType.Binary.INSTANCE), null)), Map.of("source", "edge"));

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private byte[] encode(WriteOptions options, int rows, boolean randomBlob) throws Exception {
        ByteArraySink sink = new ByteArraySink();
        Random rnd = new Random(7);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
                SinkWriter w = SinkWriter.open(sink, Protocol.ARROW, SCHEMA, options, null, null)) {
            VarCharVector text = (VarCharVector) root.getVector(0);
            VarBinaryVector blob = (VarBinaryVector) root.getVector(1);
            root.allocateNew();
            for (int i = 0; i < rows; i++) {
                text.setSafe(i, "the same words again ".repeat(4).getBytes());
                byte[] b = new byte[64];
                if (randomBlob) {
                    rnd.nextBytes(b);
                }
                blob.setSafe(i, b);
            }
            root.setRowCount(rows);
            w.write(root);
        }
        return sink.toByteArray();
    }

    private List<Batch> decode(byte[] bytes, DecodeLimits limits) throws Exception {
        try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, limits)) {
            d.feed(ByteBuffer.wrap(bytes));
            d.finish();
            List<Batch> out = new java.util.ArrayList<>();
            for (var i = d.poll(); i != null; i = d.poll()) {
                out.add((Batch) i);
            }
            return out;
        }
    }

    @Test
    void legacyFourBytePrefixStreamsDecode() throws Exception {
        byte[] modern = encode(WriteOptions.builder().alignment(Alignment.A8).build(), 10, false);
        ByteArrayOutputStream legacy = new ByteArrayOutputStream();
        ByteBuffer bb = ByteBuffer.wrap(modern).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (pos < modern.length) {
            int size = bb.getInt(pos + 4);
            if (size == 0) {
                legacy.write(new byte[4], 0, 4);
                break;
            }
            Message m = Message.getRootAsMessage(ByteBuffer.wrap(modern, pos + 8, size).slice().order(ByteOrder.LITTLE_ENDIAN));
            int frame = (int) (8 + size + m.bodyLength());
            legacy.write(modern, pos + 4, frame - 4);
            pos += frame;
        }
        List<Batch> batches = decode(legacy.toByteArray(), DecodeLimits.DEFAULT);
        assertThat(batches).hasSize(1);
        try (Batch b = batches.get(0)) {
            assertThat(b.rowCount()).isEqualTo(10);
            assertThat(b.root().getVector(0).getObject(9).toString()).startsWith("the same words again");
        }
    }

    @Test
    void schemaAndFieldMetadataSurvive() throws Exception {
        List<Batch> batches = decode(encode(WriteOptions.DEFAULT, 3, false), DecodeLimits.DEFAULT);
        try (Batch b = batches.get(0)) {
            assertThat(b.schema().getCustomMetadata()).containsEntry("source", "edge");
            assertThat(b.schema().getFields().get(0).getMetadata()).containsEntry("unit", "words");
        }
    }

    @Test
    void incompressibleBuffersAreStoredUncompressedAndReadBack() throws Exception {
        for (Compression c : List.of(Compression.ZSTD, Compression.LZ4_FRAME)) {
            byte[] plain = encode(WriteOptions.DEFAULT, 2000, true);
            byte[] packed = encode(WriteOptions.builder().compression(c).build(), 2000, true);
            assertThat(packed.length).as("text compresses, random bytes are stored").isLessThan(plain.length);
            ByteBuffer bb = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(containsLong(bb, -1L)).as("a -1 stored-uncompressed prefix is present").isTrue();
            try (Batch b = decode(packed, DecodeLimits.DEFAULT).get(0)) {
                assertThat(b.rowCount()).isEqualTo(2000);
                assertThat(((byte[]) b.root().getVector(1).getObject(1999))).hasSize(64);
            }
        }
    }

    private static boolean containsLong(ByteBuffer bb, long v) {
        for (int i = 0; i + 8 <= bb.limit(); i += 8) {
            if (bb.getLong(i) == v) {
                return true;
            }
        }
        return false;
    }

    @Test
    void decompressedSizeIsCappedBeforeAllocating() throws Exception {
        byte[] packed = encode(WriteOptions.builder().compression(Compression.ZSTD).build(), 2000, false);
        assertThatThrownBy(() -> decode(packed, DecodeLimits.DEFAULT.withMaxDecompressedBytes(10_000)))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("decompressed");
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void decodedBuffersSit64ByteAlignedInMemory() throws Exception {
        byte[] bytes = encode(WriteOptions.DEFAULT, 100, false);
        for (Batch b : decode(bytes, DecodeLimits.DEFAULT)) {
            try (b) {
                for (FieldVector v : b.root().getFieldVectors()) {
                    for (ArrowBuf buf : v.getFieldBuffers()) {
                        if (buf.capacity() > 0 && buf != v.getValidityBuffer()) {
                            assertThat(buf.memoryAddress() % AlignedBufferPool.BUFFER_ALIGNMENT)
                                    .as("%s buffer address", v.getName()).isZero();
                        }
                    }
                }
            }
        }
    }
}
