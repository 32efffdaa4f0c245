package io.lightstream.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ipc.IpcFileReader;
import io.lightstream.io.SinkWriter;
import io.lightstream.io.StreamDecoders;
import io.lightstream.testkit.TypeFixtures;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated corpus of mutated valid inputs (bit flips, truncations, huge, negative and boundary
 * length fields, wrong counts, spliced regions) fed to every decoder: each case must decode or fail
 * with a typed {@link LightstreamException}, never hang, never leak an Arrow buffer and never
 * allocate beyond the configured limits.
 */
class HostileInputTest {
    private static final long SEED = 0x4c53_4a56_4dL;
    private static final int STREAM_CASES = 100_000;
    private static final int FILE_CASES = 5_000;
    /** Decode limits well below the allocator cap, so any allocation above the cap is a decoder bug. */
    private static final DecodeLimits LIMITS = DecodeLimits.DEFAULT.withMaxBodyBytes(8 << 20)
            .withMaxFrameBytes(8 << 20).withMaxMetadataBytes(1 << 20).withMaxRowsPerBatch(1 << 20)
            .withMaxDictionaryEntries(1 << 20).withMaxDecompressedBytes(16 << 20).withMaxFields(1_000)
            .withMaxBuffers(4_000).withMaxNestingDepth(16);
    private static final long MEMORY_CAP = 256L << 20;

    @TempDir Path dir;
    private BufferAllocator root;

    @BeforeEach
    void open() {
        root = new RootAllocator(MEMORY_CAP);
    }

    @AfterEach
    void close() {
        root.close();
    }

    private List<byte[]> seeds(Protocol protocol) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (Alignment a : Alignment.values()) {
            for (io.lightstream.Compression c : List.of(io.lightstream.Compression.NONE, io.lightstream.Compression.ZSTD)) {
                Schema schema = TypeFixtures.compactSchema();
                ByteArraySink sink = new ByteArraySink();
                try (TypeFixtures fx = new TypeFixtures(root); VectorSchemaRoot r = VectorSchemaRoot.create(schema, root);
                        SinkWriter w = SinkWriter.open(sink, protocol, schema,
                                WriteOptions.builder().alignment(a).compression(c).build(), null, null)) {
                    fx.fill(r, 5);
                    w.write(r, fx.dictionaries(), Map.of("ls.seq_id", "1"));
                    if (protocol == Protocol.LIGHTSTREAM) {
                        w.writeMessage("m", new byte[] {9, 8, 7});
                    }
                    fx.fill(r, 2);
                    w.write(r, fx.dictionaries(), Map.of());
                }
                out.add(sink.toByteArray());
            }
        }
        return out;
    }

    /** One random mutation of {@code in}; the description names it for the failure message. */
    static byte[] mutate(byte[] in, Random rnd, StringBuilder what) {
        byte[] b = in.clone();
        int kind = rnd.nextInt(9);
        int at = rnd.nextInt(b.length);
        switch (kind) {
            case 0 -> {
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int p = rnd.nextInt(b.length);
                    b[p] ^= (byte) (1 << rnd.nextInt(8));
                    what.append("flip@").append(p).append(' ');
                }
            }
            case 1 -> {
                what.append("truncate@").append(at);
                return java.util.Arrays.copyOf(b, at);
            }
            case 2, 3 -> {
                int[] values = {0, -1, 0x7FFFFFFF, 0x80000000, 0x7FFFFFF8, 1 << 30, 65, 8, rnd.nextInt()};
                int v = values[rnd.nextInt(values.length)];
                int p = Math.min(at & ~3, b.length - 4);
                if (p >= 0) {
                    ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(p, v);
                }
                what.append("int32@").append(p).append('=').append(v);
            }
            case 4 -> {
                long[] values = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, (1L << 31) + 7, rnd.nextLong()};
                long v = values[rnd.nextInt(values.length)];
                int p = Math.min(at & ~7, b.length - 8);
                if (p >= 0) {
                    ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(p, v);
                }
                what.append("int64@").append(p).append('=').append(v);
            }
            case 5 -> {
                b[at] = (byte) rnd.nextInt(256);
                what.append("byte@").append(at);
            }
            case 6 -> {
                int len = Math.min(1 + rnd.nextInt(64), b.length - at);
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                what.append("delete@").append(at).append('+').append(len);
                return out;
            }
            case 7 -> {
                int len = Math.min(1 + rnd.nextInt(256), b.length - at);
                int to = rnd.nextInt(b.length);
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, to);
                System.arraycopy(b, at, out, to, len);
                System.arraycopy(b, to, out, to + len, b.length - to);
                what.append("splice@").append(at).append('+').append(len).append("->").append(to);
                return out;
            }
            default -> {
                int len = Math.min(1 + rnd.nextInt(16), b.length - at);
                for (int i = 0; i < len; i++) {
                    b[at + i] = (byte) 0xFF;
                }
                what.append("ff@").append(at).append('+').append(len);
            }
        }
        return b;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void streamDecodersSurviveTheCorpus() throws Exception {
        Random rnd = new Random(SEED);
        int decoded = 0;
        int rejected = 0;
        for (Protocol protocol : Protocol.values()) {
            List<byte[]> seeds = seeds(protocol);
            ReadOptions options = ReadOptions.builder().limits(LIMITS).build();
            for (int n = 0; n < STREAM_CASES / 2; n++) {
                byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
                StringBuilder what = new StringBuilder();
                byte[] input = mutate(seed, rnd, what);
                if (rnd.nextInt(4) == 0) {
                    input = mutate(input, rnd, what.append("; "));
                }
                int cut = input.length == 0 ? 0 : rnd.nextInt(input.length);
                try (BufferAllocator a = root.newChildAllocator("case", 0, MEMORY_CAP)) {
                    try (StreamDecoder d = StreamDecoders.create(protocol, options, a)) {
                        d.feed(ByteBuffer.wrap(input, 0, cut));
                        drain(d);
                        d.feed(ByteBuffer.wrap(input, cut, input.length - cut));
                        drain(d);
                        d.finish();
                        decoded++;
                    } catch (LightstreamException expected) {
                        rejected++;
                    } catch (Throwable t) {
                        fail(protocol + " case " + n + " (" + what + ") threw " + t + "\ninput: "
                                + HexFormat.of().formatHex(input), t);
                    }
                    assertThat(a.getAllocatedMemory()).as("leak in %s case %d (%s)", protocol, n, what).isZero();
                }
            }
        }
        assertThat(decoded + rejected).isEqualTo(STREAM_CASES);
        assertThat(rejected).as("most mutations are detected").isGreaterThan(STREAM_CASES / 4);
        assertThat(root.getPeakMemoryAllocation()).isLessThanOrEqualTo(MEMORY_CAP);
    }

    private static void drain(StreamDecoder d) {
        for (Item i = d.poll(); i != null; i = d.poll()) {
            if (i instanceof Batch b) {
                try (b) {
                    // touch every value: a batch that passed validation must be readable
                    for (var v : b.root().getFieldVectors()) {
                        for (int r = 0; r < v.getValueCount(); r++) {
                            v.getObject(r);
                        }
                    }
                }
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fileReaderSurvivesTheCorpus() throws Exception {
        Schema schema = TypeFixtures.compactSchema();
        Path seedFile = dir.resolve("seed.arrow");
        try (TypeFixtures fx = new TypeFixtures(root); VectorSchemaRoot r = VectorSchemaRoot.create(schema, root);
                var w = io.lightstream.Lightstream.write(seedFile.toString(), schema, WriteOptions.DEFAULT)) {
            fx.fill(r, 5);
            w.write(r, fx.dictionaries(), Map.of());
            w.write(r, fx.dictionaries(), Map.of());
        }
        byte[] seed = Files.readAllBytes(seedFile);
        Random rnd = new Random(SEED + 1);
        Path file = dir.resolve("case.arrow");
        for (int n = 0; n < FILE_CASES; n++) {
            StringBuilder what = new StringBuilder();
            byte[] input = mutate(seed, rnd, what);
            Files.write(file, input);
            for (boolean mmap : new boolean[] {false, true}) {
                try (BufferAllocator a = root.newChildAllocator("case", 0, MEMORY_CAP)) {
                    try (IpcFileReader reader = new IpcFileReader(FileChannel.open(file, StandardOpenOption.READ),
                            file.toString(), mmap, a, LIMITS, false)) {
                        for (int i = 0; i < reader.batchCount(); i++) {
                            try (Batch b = reader.readBatch(i)) {
                                b.root().contentToTSVString();
                            }
                        }
                    } catch (LightstreamException expected) {
                        // rejected with a typed error
                    } catch (Throwable t) {
                        fail("file case " + n + " (" + what + ", mmap " + mmap + ") threw " + t, t);
                    }
                    assertThat(a.getAllocatedMemory()).as("leak in file case %d (%s)", n, what).isZero();
                }
            }
        }
    }
}
