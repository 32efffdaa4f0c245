package io.lightstream.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.Message;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.tlv.TlvFrame;
import io.lightstream.codec.tlv.TlvFrameDecoder;
import io.lightstream.codec.tlv.TlvFrameEncoder;
import io.lightstream.io.SinkWriter;
import io.lightstream.io.StreamDecoders;
import io.lightstream.testkit.TypeFixtures;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every incremental decoder gives the same items whether fed whole, byte by byte, or split at any offset. */
class SplitFeedTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private byte[] encode(Protocol protocol, Alignment alignment, Schema schema) throws Exception {
        ByteArraySink sink = new ByteArraySink();
        try (TypeFixtures fx = new TypeFixtures(allocator); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                SinkWriter w = SinkWriter.open(sink, protocol, schema,
                        WriteOptions.builder().alignment(alignment).build(), null, null)) {
            fx.fill(root, 4);
            w.write(root, fx.dictionaries(), Map.of());
            if (protocol == Protocol.LIGHTSTREAM) {
                w.writeMessage("note", new byte[] {1, 2, 3});
                w.writeMessage("note", new byte[0]);
            }
            fx.fill(root, 3);
            w.write(root, fx.dictionaries(), Map.of("k", "v"));
        }
        return sink.toByteArray();
    }

    /** Decodes {@code bytes} fed as the given chunks and describes what came out. */
    private List<String> decode(Protocol protocol, byte[] bytes, int[] cuts) throws Exception {
        List<String> out = new ArrayList<>();
        try (StreamDecoder d = StreamDecoders.create(protocol, ReadOptions.DEFAULT, allocator)) {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : bytes.length;
                d.feed(ByteBuffer.wrap(bytes, from, to - from));
                drain(d, out);
                from = to;
            }
            d.finish();
            drain(d, out);
            out.add("consumed " + d.bytesConsumed());
        }
        return out;
    }

    private static void drain(StreamDecoder d, List<String> out) {
        for (Item i = d.poll(); i != null; i = d.poll()) {
            if (i instanceof Batch b) {
                try (b) {
                    out.add(b.name() + "#" + b.sequence() + " " + b.metadata() + "\n" + io.lightstream.testkit.BatchText.describe(b.root()));
                }
            } else {
                Message m = (Message) i;
                out.add(m.name() + " " + java.util.Arrays.toString(m.payload()));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void decodesTheSameAtEverySplit(Protocol protocol) throws Exception {
        for (Alignment alignment : Alignment.values()) {
            byte[] compact = encode(protocol, alignment, TypeFixtures.compactSchema());
            List<String> compactWhole = decode(protocol, compact, new int[0]);
            for (int cut = 1; cut < compact.length; cut++) {
                assertThat(decode(protocol, compact, new int[] {cut})).as("split at %d", cut).isEqualTo(compactWhole);
            }
            byte[] bytes = encode(protocol, alignment, TypeFixtures.schema(true));
            List<String> whole = decode(protocol, bytes, new int[0]);
            assertThat(whole).hasSize(protocol == Protocol.LIGHTSTREAM ? 5 : 3);
            int[] everyByte = new int[bytes.length - 1];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = i + 1;
            }
            assertThat(decode(protocol, bytes, everyByte)).as("byte by byte").isEqualTo(whole);
            int third = bytes.length / 3;
            for (int cut = 1; cut < third; cut += 97) {
                assertThat(decode(protocol, bytes, new int[] {cut, cut + third})).isEqualTo(whole);
            }
        }
    }

    @Test
    void tlvFramesSplitAtEveryBoundary() throws Exception {
        ByteArraySink sink = new ByteArraySink();
        TlvFrameEncoder enc = new TlvFrameEncoder();
        byte[][] payloads = {new byte[0], {7}, new byte[300], "hello".getBytes()};
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = payloads[i].length == 300 ? fill(payloads[i]) : payloads[i];
            enc.write(sink, i * 60, payloads[i]);
        }
        byte[] bytes = sink.toByteArray();
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<String> got = new ArrayList<>();
            try (AlignedBufferPool pool = new AlignedBufferPool(allocator, 2);
                    TlvFrameDecoder d = new TlvFrameDecoder(pool, DecodeLimits.DEFAULT)) {
                for (ByteBuffer chunk : List.of(ByteBuffer.wrap(bytes, 0, cut), ByteBuffer.wrap(bytes, cut, bytes.length - cut))) {
                    while (chunk.hasRemaining()) {
                        TlvFrame f = d.feed(chunk);
                        if (f != null) {
                            try (f) {
                                assertThat(f.payload().memoryAddress() % 64).isZero();
                                got.add(f.tag() + ":" + java.util.Arrays.toString(f.payloadBytes()));
                            }
                        }
                    }
                }
                d.finish();
            }
            assertThat(got).as("split at %d", cut).hasSize(payloads.length);
            for (int i = 0; i < payloads.length; i++) {
                assertThat(got.get(i)).isEqualTo(i * 60 + ":" + java.util.Arrays.toString(payloads[i]));
            }
        }
    }

    private static byte[] fill(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }
}
