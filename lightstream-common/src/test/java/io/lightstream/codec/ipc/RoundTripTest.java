package io.lightstream.codec.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.Compression;
import io.lightstream.Item;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.Alignment;
import io.lightstream.codec.ByteArraySink;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.StreamDecoder;
import io.lightstream.io.SinkWriter;
import io.lightstream.io.StreamDecoders;
import io.lightstream.testkit.BatchAssertions;
import io.lightstream.testkit.TypeFixtures;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Arrow type, nullable and not, empty, full and sliced batches, in stream, file and
 * Lightstream-frame form, at both alignments and with each compression codec.
 */
class RoundTripTest {
    enum Form { STREAM, FILE, FILE_MMAP, LIGHTSTREAM }

    enum Shape { EMPTY, FULL, SLICED }

    @TempDir Path dir;
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Form form : Form.values()) {
            for (Alignment alignment : Alignment.values()) {
                for (boolean nullable : new boolean[] {true, false}) {
                    for (Shape shape : Shape.values()) {
                        out.add(Arguments.of(form, alignment, nullable, shape, Compression.NONE));
                    }
                }
            }
            out.add(Arguments.of(form, Alignment.A64, true, Shape.FULL, Compression.ZSTD));
            out.add(Arguments.of(form, Alignment.A8, true, Shape.SLICED, Compression.LZ4_FRAME));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} nullable={2} {3} {4}")
    @MethodSource("cases")
    void roundTripsEveryType(Form form, Alignment alignment, boolean nullable, Shape shape, Compression compression)
            throws Exception {
        Schema schema = TypeFixtures.schema(nullable);
        try (TypeFixtures fixtures = new TypeFixtures(allocator);
                VectorSchemaRoot full = VectorSchemaRoot.create(schema, allocator)) {
            fixtures.fill(full, shape == Shape.EMPTY ? 0 : 41);
            List<VectorSchemaRoot> batches = new ArrayList<>();
            try {
                if (shape == Shape.SLICED) {
                    batches.add(full.slice(3, 17));
                    batches.add(full.slice(20, 21));
                } else {
                    batches.add(full.slice(0, full.getRowCount()));
                    batches.add(full.slice(0, full.getRowCount()));
                }
                WriteOptions options = WriteOptions.builder().alignment(alignment).compression(compression).build();
                List<Batch> decoded = switch (form) {
                    case STREAM -> viaBytes(schema, batches, fixtures, options, Protocol.ARROW);
                    case LIGHTSTREAM -> viaBytes(schema, batches, fixtures, options, Protocol.LIGHTSTREAM);
                    case FILE, FILE_MMAP -> viaFile(schema, batches, fixtures, options, form == Form.FILE_MMAP);
                };
                try {
                    assertThat(decoded).hasSize(batches.size());
                    for (int i = 0; i < batches.size(); i++) {
                        Batch b = decoded.get(i);
                        assertThat(b.sequence()).isEqualTo(i);
                        BatchAssertions.assertSameData(schema, batches.get(i), fixtures.dictionaries(), b.root(),
                                b.dictionaries());
                        assertThat(b.schema().getCustomMetadata()).isEqualTo(schema.getCustomMetadata());
                    }
                } finally {
                    decoded.forEach(Batch::close);
                }
            } finally {
                batches.forEach(VectorSchemaRoot::close);
            }
        }
    }

    private List<Batch> viaBytes(Schema schema, List<VectorSchemaRoot> batches, TypeFixtures fixtures,
            WriteOptions options, Protocol protocol) throws Exception {
        ByteArraySink sink = new ByteArraySink();
        try (LightstreamWriter w = SinkWriter.open(sink, protocol, schema, options, null, null)) {
            for (VectorSchemaRoot b : batches) {
                w.write(b, fixtures.dictionaries());
            }
        }
        byte[] bytes = sink.toByteArray();
        if (options.alignment() == Alignment.A64 && protocol == Protocol.ARROW) {
            assertThat((bytes.length - 8) % 64).as("64-aligned frames before the 8-byte end marker").isZero();
        }
        List<Batch> out = new ArrayList<>();
        try (StreamDecoder d = StreamDecoders.create(protocol, ReadOptions.DEFAULT, allocator)) {
            d.feed(ByteBuffer.wrap(bytes));
            d.finish();
            for (Item i = d.poll(); i != null; i = d.poll()) {
                out.add((Batch) i);
            }
            if (protocol == Protocol.ARROW) {
                assertThat(d.isEndOfStream()).isTrue();
            }
        }
        return out;
    }

    private List<Batch> viaFile(Schema schema, List<VectorSchemaRoot> batches, TypeFixtures fixtures,
            WriteOptions options, boolean mmap) throws Exception {
        String path = dir.resolve("t.arrow").toString();
        try (LightstreamWriter w = Lightstream.write(path, schema, options)) {
            for (VectorSchemaRoot b : batches) {
                w.write(b, fixtures.dictionaries(), Map.of());
            }
        }
        List<Batch> out = new ArrayList<>();
        try (LightstreamReader r = Lightstream.read(path, ReadOptions.builder().allocator(allocator).mmap(mmap)
                .limits(DecodeLimits.DEFAULT).build())) {
            assertThat(r.schema().getFields()).hasSameSizeAs(schema.getFields());
            for (Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                out.add(b);
            }
        }
        return out;
    }
}
