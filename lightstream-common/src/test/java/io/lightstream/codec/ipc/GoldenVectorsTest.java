package io.lightstream.codec.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.Message;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ByteArraySink;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.tlv.TlvFrameEncoder;
import io.lightstream.io.SinkWriter;
import io.lightstream.protocol.LightstreamDecoder;
import io.lightstream.protocol.TypeRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reference library's byte-exact samples (wire spec section 10) decode as stated and are reproduced exactly. */
class GoldenVectorsTest {
    private static final Schema INT64_A = new Schema(
            List.of(new Field("a", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }

    private VectorSchemaRoot oneTwoThree() {
        VectorSchemaRoot root = VectorSchemaRoot.create(INT64_A, allocator);
        BigIntVector v = (BigIntVector) root.getVector(0);
        v.allocateNew(3);
        v.set(0, 1);
        v.set(1, 2);
        v.set(2, 3);
        root.setRowCount(3);
        return root;
    }

    @Test
    void tlvFrameTag3IsReproduced() throws Exception {
        ByteArraySink sink = new ByteArraySink();
        new TlvFrameEncoder().write(sink, 3, "hi".getBytes());
        assertThat(sink.toByteArray()).isEqualTo(golden("tlv-tag3-hi.bin"))
                .isEqualTo(HexFormat.of().parseHex("03020000006869"));
    }

    @Test
    void messageFrameDecodesAndIsReproduced() throws Exception {
        byte[] expected = golden("lightstream-message-event.bin");
        TypeRegistry registry = new TypeRegistry();
        registry.registerMessage("event");
        registry.registerTable("metrics");
        try (LightstreamDecoder d = new LightstreamDecoder(allocator, DecodeLimits.DEFAULT, registry)) {
            d.feed(ByteBuffer.wrap(expected));
            d.finish();
            Item item = d.poll();
            assertThat(item).isEqualTo(new Message("event", 0, "user-login".getBytes()));
            assertThat(d.poll()).isNull();
        }
        ByteArraySink sink = new ByteArraySink();
        WriteOptions options = WriteOptions.builder().protocol(io.lightstream.Protocol.LIGHTSTREAM)
                .registerMessage("event").registerTable("metrics", INT64_A).build();
        try (SinkWriter w = SinkWriter.open(sink, io.lightstream.Protocol.LIGHTSTREAM, null, options, null, null)) {
            w.writeMessage("event", "user-login".getBytes());
        }
        assertThat(sink.toByteArray()).isEqualTo(expected);
    }

    @Test
    void int64StreamDecodesAndIsReproducedByteForByte() throws Exception {
        byte[] expected = golden("arrow-int64-64aligned.arrows");
        assertThat(expected).hasSize(392);
        try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, DecodeLimits.DEFAULT)) {
            d.feed(ByteBuffer.wrap(expected));
            d.finish();
            assertThat(d.isEndOfStream()).isTrue();
            assertThat(d.schema()).isEqualTo(INT64_A);
            try (Batch b = (Batch) d.poll()) {
                BigIntVector v = (BigIntVector) b.root().getVector("a");
                assertThat(List.of(v.get(0), v.get(1), v.get(2))).containsExactly(1L, 2L, 3L);
                assertThat(b.encodedBytes()).isEqualTo(256);
            }
            assertThat(d.poll()).isNull();
        }
        ByteArraySink sink = new ByteArraySink();
        try (VectorSchemaRoot root = oneTwoThree();
                SinkWriter w = SinkWriter.open(sink, io.lightstream.Protocol.ARROW, INT64_A, WriteOptions.DEFAULT,
                        null, null)) {
            w.write(root);
        }
        assertThat(HexFormat.of().formatHex(sink.toByteArray())).isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Test
    void parallelSequenceMetadataMatchesTheSpecFlatbuffer() throws Exception {
        String flatbuffer = ""
                + "180000000000000000000e00180006000500080010000c000e00000000030400"
                + "4c0000000c0000004000000000000000010000000c00000008000c0004000800"
                + "0800000010000000040000000100000037000000090000006c732e7365715f69"
                + "64000a0018000c00040008000a0000003c000000100000000300000000000000"
                + "0000000002000000000000000000000000000000000000000000000000000000"
                + "1800000000000000000000000100000003000000000000000000000000000000";
        byte[] expected = HexFormat.of().parseHex(flatbuffer.replace(" ", ""));
        ByteArraySink sink = new ByteArraySink();
        try (VectorSchemaRoot root = oneTwoThree();
                SinkWriter w = SinkWriter.open(sink, io.lightstream.Protocol.ARROW, INT64_A, WriteOptions.DEFAULT,
                        null, null)) {
            w.write(root, null, Map.of("ls.seq_id", "7"));
        }
        byte[] all = sink.toByteArray();
        int frame = 128;
        assertThat(ByteBuffer.wrap(all, frame + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(0xf8);
        byte[] fb = new byte[192];
        System.arraycopy(all, frame + 8, fb, 0, 192);
        assertThat(HexFormat.of().formatHex(fb)).isEqualTo(HexFormat.of().formatHex(expected));
        try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, DecodeLimits.DEFAULT)) {
            d.feed(ByteBuffer.wrap(all));
            try (Batch b = (Batch) d.poll()) {
                assertThat(b.metadata()).containsEntry("ls.seq_id", "7");
            }
        }
    }

    @Test
    void tableFramesDecodeAndAreReproduced() throws Exception {
        byte[] expected = golden("lightstream-table-first-and-later.tlv");
        assertThat(expected).hasSize(650);
        TypeRegistry registry = new TypeRegistry();
        registry.registerTable("metrics");
        List<Item> items = new ArrayList<>();
        try (LightstreamDecoder d = new LightstreamDecoder(allocator, DecodeLimits.DEFAULT, registry)) {
            d.feed(ByteBuffer.wrap(expected));
            d.finish();
            for (Item i = d.poll(); i != null; i = d.poll()) {
                items.add(i);
            }
        }
        assertThat(items).hasSize(2);
        for (Item i : items) {
            try (Batch b = (Batch) i) {
                assertThat(b.name()).isEqualTo("metrics");
                BigIntVector v = (BigIntVector) b.root().getVector("a");
                assertThat(List.of(v.get(0), v.get(1), v.get(2))).containsExactly(1L, 2L, 3L);
            }
        }
        ByteArraySink sink = new ByteArraySink();
        WriteOptions options = WriteOptions.builder().registerTable("metrics", INT64_A).build();
        try (VectorSchemaRoot root = oneTwoThree();
                SinkWriter w = SinkWriter.open(sink, io.lightstream.Protocol.LIGHTSTREAM, null, options, null, null)) {
            w.write("metrics", root, null);
            w.write("metrics", root, null);
        }
        assertThat(HexFormat.of().formatHex(sink.toByteArray())).isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(ReadOptions.DEFAULT.limits()).isEqualTo(DecodeLimits.DEFAULT);
    }
}
