package io.lightstream.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.Message;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ipc.IpcStreamDecoder;
import io.lightstream.codec.tlv.TlvFrame;
import io.lightstream.codec.tlv.TlvFrameDecoder;
import io.lightstream.codec.tlv.TlvFrameEncoder;
import io.lightstream.io.SinkWriter;
import io.lightstream.io.StreamDecoders;
import io.lightstream.protocol.LightstreamDecoder;
import io.lightstream.testkit.BatchText;
import io.lightstream.testkit.TypeFixtures;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * The direct-read path of the decoders ({@code directWindow} then {@code advance}, as a socket
 * reader receiving into Arrow memory uses it) decodes exactly what {@code feed} decodes, whichever
 * byte the switch between the two happens at and however the windows are filled.
 */
class DirectWindowTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /** The window pair of either decoder. */
    private interface Windows {
        ByteBuffer window(int minBytes);

        void advance(int n) throws LightstreamException;
    }

    private static Windows windows(StreamDecoder d) {
        if (d instanceof IpcStreamDecoder ipc) {
            return new Windows() {
                @Override
                public ByteBuffer window(int minBytes) {
                    return ipc.directWindow(minBytes);
                }

                @Override
                public void advance(int n) throws LightstreamException {
                    ipc.advance(n);
                }
            };
        }
        LightstreamDecoder ls = (LightstreamDecoder) d;
        return new Windows() {
            @Override
            public ByteBuffer window(int minBytes) {
                return ls.directWindow(minBytes);
            }

            @Override
            public void advance(int n) throws LightstreamException {
                ls.advance(n);
            }
        };
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
            fx.fill(root, 0);
            w.write(root, fx.dictionaries(), Map.of());
            fx.fill(root, 3);
            w.write(root, fx.dictionaries(), Map.of("k", "v"));
        }
        return sink.toByteArray();
    }

    /**
     * Feeds the first {@code cut} bytes, then reads the rest as a direct reader would: into the
     * window whenever there is one (at most {@code step} bytes per read), else one byte through feed.
     *
     * @return what was decoded, and how many bytes went through windows
     */
    private List<String> decode(Protocol protocol, byte[] bytes, int cut, int step, int[] direct) throws Exception {
        List<String> out = new ArrayList<>();
        try (StreamDecoder d = StreamDecoders.create(protocol, ReadOptions.DEFAULT, allocator)) {
            Windows w = windows(d);
            d.feed(ByteBuffer.wrap(bytes, 0, cut));
            drain(d, out);
            int pos = cut;
            while (pos < bytes.length) {
                ByteBuffer window = w.window(1);
                if (window != null) {
                    int n = Math.min(Math.min(window.remaining(), step), bytes.length - pos);
                    window.put(bytes, pos, n);
                    w.advance(n);
                    direct[0] += n;
                    pos += n;
                } else {
                    d.feed(ByteBuffer.wrap(bytes, pos, 1));
                    pos++;
                }
                drain(d, out);
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
                    out.add(b.name() + "#" + b.sequence() + " " + b.metadata() + "\n" + BatchText.describe(b.root()));
                }
            } else {
                Message m = (Message) i;
                out.add(m.name() + " " + Arrays.toString(m.payload()));
            }
        }
    }

    private List<String> whole(Protocol protocol, byte[] bytes) throws Exception {
        List<String> out = new ArrayList<>();
        try (StreamDecoder d = StreamDecoders.create(protocol, ReadOptions.DEFAULT, allocator)) {
            d.feed(ByteBuffer.wrap(bytes));
            d.finish();
            drain(d, out);
            out.add("consumed " + d.bytesConsumed());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void windowsDecodeTheSameFromEveryByte(Protocol protocol) throws Exception {
        for (Alignment alignment : Alignment.values()) {
            byte[] bytes = encode(protocol, alignment, TypeFixtures.compactSchema());
            List<String> expected = whole(protocol, bytes);
            int[] direct = new int[1];
            for (int cut = 0; cut <= bytes.length; cut++) {
                for (int step : new int[] {1, 13, Integer.MAX_VALUE}) {
                    assertThat(decode(protocol, bytes, cut, step, direct)).as("%s, switch at %d, step %d", alignment, cut, step)
                            .isEqualTo(expected);
                }
            }
            assertThat(direct[0]).as("bytes received through windows").isPositive();
        }
    }

    @Test
    void tlvPayloadWindowsFromEveryByte() throws Exception {
        ByteArraySink sink = new ByteArraySink();
        TlvFrameEncoder enc = new TlvFrameEncoder();
        byte[][] payloads = {new byte[0], {7}, new byte[300], "hello".getBytes()};
        for (int i = 0; i < payloads[2].length; i++) {
            payloads[2][i] = (byte) (i * 31);
        }
        for (int i = 0; i < payloads.length; i++) {
            enc.write(sink, i * 60, payloads[i]);
        }
        byte[] bytes = sink.toByteArray();
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<String> got = new ArrayList<>();
            try (AlignedBufferPool pool = new AlignedBufferPool(allocator, 2);
                    TlvFrameDecoder d = new TlvFrameDecoder(pool, DecodeLimits.DEFAULT)) {
                ByteBuffer head = ByteBuffer.wrap(bytes, 0, cut);
                while (head.hasRemaining()) {
                    collect(d.feed(head), got);
                }
                int pos = cut;
                while (pos < bytes.length) {
                    ByteBuffer window = d.directWindow(1);
                    if (window != null) {
                        int n = Math.min(window.remaining(), 7);
                        window.put(bytes, pos, n);
                        pos += n;
                        collect(d.advance(n), got);
                    } else {
                        collect(d.feed(ByteBuffer.wrap(bytes, pos++, 1)), got);
                    }
                }
                d.finish();
            }
            assertThat(got).as("switch at %d", cut).hasSize(payloads.length);
            for (int i = 0; i < payloads.length; i++) {
                assertThat(got.get(i)).isEqualTo(i * 60 + ":" + Arrays.toString(payloads[i]));
            }
        }
    }

    private static void collect(TlvFrame f, List<String> got) {
        if (f != null) {
            try (f) {
                assertThat(f.payload().memoryAddress() % 64).isZero();
                got.add(f.tag() + ":" + Arrays.toString(f.payloadBytes()));
            }
        }
    }

    @Test
    void windowsOnlyInsideLargeEnoughPayloads() throws Exception {
        ByteArraySink sink = new ByteArraySink();
        new TlvFrameEncoder().write(sink, 1, new byte[100]);
        byte[] bytes = sink.toByteArray();
        try (AlignedBufferPool pool = new AlignedBufferPool(allocator, 2);
                TlvFrameDecoder d = new TlvFrameDecoder(pool, DecodeLimits.DEFAULT)) {
            assertThat(d.directWindow(1)).as("between frames").isNull();
            assertThatThrownBy(() -> d.advance(1)).isInstanceOf(IllegalStateException.class);
            assertThat(d.feed(ByteBuffer.wrap(bytes, 0, TlvFrame.HEADER_BYTES + 10))).isNull();
            assertThat(d.directWindow(91)).as("fewer bytes left than asked for").isNull();
            ByteBuffer w = d.directWindow(90);
            assertThat(w.remaining()).isEqualTo(90);
            assertThatThrownBy(() -> d.advance(91)).isInstanceOf(IllegalStateException.class);
            w.put(bytes, TlvFrame.HEADER_BYTES + 10, 90);
            try (TlvFrame f = d.advance(90)) {
                assertThat(f.payloadBytes()).isEqualTo(new byte[100]);
            }
            assertThat(d.directWindow(1)).isNull();
        }
    }
}
