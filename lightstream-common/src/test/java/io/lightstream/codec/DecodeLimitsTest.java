package io.lightstream.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.FormatException;
import io.lightstream.LimitExceededException;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ipc.IpcStreamDecoder;
import io.lightstream.io.SinkWriter;
import io.lightstream.io.StreamDecoders;
import io.lightstream.protocol.LightstreamDecoder;
import io.lightstream.protocol.TypeRegistry;
import io.lightstream.testkit.TypeFixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each limit is enforced before allocating, and errors name what and where. */
class DecodeLimitsTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator(64 << 20);
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private byte[] stream(int rows) throws Exception {
        Schema schema = TypeFixtures.compactSchema();
        ByteArraySink sink = new ByteArraySink();
        try (TypeFixtures fx = new TypeFixtures(allocator); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                SinkWriter w = SinkWriter.open(sink, Protocol.ARROW, schema, WriteOptions.DEFAULT, null, null)) {
            fx.fill(root, rows);
            w.write(root, fx.dictionaries(), Map.of());
        }
        return sink.toByteArray();
    }

    private LimitExceededException decodeWith(DecodeLimits limits, byte[] bytes) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, limits)) {
                d.feed(ByteBuffer.wrap(bytes));
                for (var i = d.poll(); i != null; i = d.poll()) {
                    ((io.lightstream.Batch) i).close();
                }
            }
        });
        assertThat(t).isInstanceOf(LimitExceededException.class);
        assertThat(allocator.getAllocatedMemory()).isZero();
        return (LimitExceededException) t;
    }

    @Test
    void everyIpcLimitIsChecked() throws Exception {
        byte[] bytes = stream(50);
        assertThat(decodeWith(DecodeLimits.DEFAULT.withMaxMetadataBytes(64), bytes).what()).isEqualTo("IPC metadata bytes");
        assertThat(decodeWith(DecodeLimits.DEFAULT.withMaxBodyBytes(128), bytes).what()).isEqualTo("IPC body bytes");
        assertThat(decodeWith(DecodeLimits.DEFAULT.withMaxFields(3), bytes).what()).isEqualTo("schema fields");
        assertThat(decodeWith(DecodeLimits.DEFAULT.withMaxNestingDepth(1), bytes).what()).isEqualTo("schema nesting depth");
        assertThat(decodeWith(DecodeLimits.DEFAULT.withMaxRowsPerBatch(10), bytes).what()).isEqualTo("rows per batch");
        assertThat(decodeWith(DecodeLimits.DEFAULT.withMaxDictionaryEntries(3), bytes).what()).isEqualTo("dictionary entries");
        assertThat(decodeWith(DecodeLimits.DEFAULT.withMaxBuffers(4), bytes).what()).isEqualTo("record batch buffers");
    }

    @Test
    void hostileLengthFieldsNeverAllocateTheirSize() throws Exception {
        ByteBuffer bb = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(-1).putInt(0x7FFF_FFF0).flip();
        LimitExceededException e = decodeWith(DecodeLimits.DEFAULT, bb.array());
        assertThat(e.what()).isEqualTo("IPC metadata bytes");
        assertThat(e.requested()).isEqualTo(0x7FFF_FFF0);
        assertThat(e.offset()).isZero();
        assertThat(e).hasMessageContaining("resource limit exceeded: IPC metadata bytes requested 2147483632 (cap 16777216)");

        byte[] tlv = HexFormat.of().parseHex("05ffffffff");
        try (LightstreamDecoder d = new LightstreamDecoder(allocator, DecodeLimits.DEFAULT, new TypeRegistry())) {
            assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(tlv))).isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("TLV frame bytes requested 4294967295");
        }
        assertThat(allocator.getPeakMemoryAllocation()).isLessThan(1 << 20);
    }

    @Test
    void bodyLargerThanTheMemoryCapIsATypedError() throws Exception {
        byte[] bytes = stream(20_000);
        try (BufferAllocator small = allocator.newChildAllocator("small", 0, 64 * 1024)) {
            ReadOptions options = ReadOptions.DEFAULT;
            try (StreamDecoder d = StreamDecoders.create(Protocol.ARROW, options, small)) {
                assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(bytes))).isInstanceOf(LimitExceededException.class)
                        .hasMessageContaining("reader memory bytes");
            }
        }
    }

    @Test
    void truncatedStreamNamesTheOffset() throws Exception {
        byte[] bytes = stream(5);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 100);
        try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, DecodeLimits.DEFAULT)) {
            d.feed(ByteBuffer.wrap(cut));
            assertThatThrownBy(d::finish).isInstanceOf(FormatException.class)
                    .hasMessageContaining("stream ended inside an IPC message").hasMessageContaining("at byte offset");
        }
        byte[] noEos = java.util.Arrays.copyOf(bytes, bytes.length - 8);
        try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, DecodeLimits.DEFAULT)) {
            d.feed(ByteBuffer.wrap(noEos));
            for (var i = d.poll(); i != null; i = d.poll()) {
                ((io.lightstream.Batch) i).close();
            }
            assertThatThrownBy(d::finish).hasMessageContaining("before the Arrow end-of-stream marker");
        }
    }

    @Test
    void bothEndOfStreamFormsAndTheLegacyPrefixAreAccepted() throws Exception {
        byte[] bytes = stream(3);
        byte[] legacyEos = java.util.Arrays.copyOf(bytes, bytes.length - 4);
        System.arraycopy(new byte[4], 0, legacyEos, legacyEos.length - 4, 4);
        for (byte[] b : new byte[][] {bytes, legacyEos}) {
            try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, DecodeLimits.DEFAULT)) {
                d.feed(ByteBuffer.wrap(b));
                d.finish();
                assertThat(d.isEndOfStream()).isTrue();
                try (var batch = (io.lightstream.Batch) d.poll()) {
                    assertThat(batch.rowCount()).isEqualTo(3);
                }
            }
        }
    }
}
