package io.lightstream.codec.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.Alignment;
import io.lightstream.testkit.BatchAssertions;
import io.lightstream.testkit.TypeFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our streams and files read by Arrow Java's readers, and Arrow Java's read by ours, every type. */
class ArrowJavaInteropTest {
    private static final int ROWS = 29;

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

    @ParameterizedTest
    @EnumSource(Alignment.class)
    void arrowJavaReadsOurStreamAndFile(Alignment alignment) throws Exception {
        Schema schema = TypeFixtures.schema(true);
        WriteOptions options = WriteOptions.builder().alignment(alignment).property("dictionary.ids", "preserve").build();
        try (TypeFixtures fx = new TypeFixtures(allocator); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            fx.fill(root, ROWS);
            for (String name : List.of("ours.arrows", "ours.arrow")) {
                Path p = dir.resolve(name);
                try (LightstreamWriter w = Lightstream.write(p.toString(), schema, options)) {
                    w.write(root, fx.dictionaries(), Map.of());
                    w.write(root, fx.dictionaries(), Map.of());
                }
                try (FileChannel ch = FileChannel.open(p);
                        ArrowReader r = name.endsWith(".arrows") ? new ArrowStreamReader(ch, allocator)
                                : new ArrowFileReader(ch, allocator)) {
                    int batches = 0;
                    while (r.loadNextBatch()) {
                        BatchAssertions.assertSameData(schema, root, fx.dictionaries(), r.getVectorSchemaRoot(),
                                provider(r));
                        batches++;
                    }
                    assertThat(batches).as(name).isEqualTo(2);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class)
    void weReadArrowJavaStreamAndFile(Mode mode) throws Exception {
        Schema schema = TypeFixtures.schema(true);
        try (TypeFixtures fx = new TypeFixtures(allocator); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            fx.fill(root, ROWS);
            Path p = dir.resolve(mode == Mode.STREAM ? "theirs.arrows" : "theirs.arrow");
            try (FileOutputStream out = new FileOutputStream(p.toFile());
                    ArrowWriter w = mode == Mode.STREAM ? new ArrowStreamWriter(root, fx.dictionaries(), out)
                            : new ArrowFileWriter(root, fx.dictionaries(), out.getChannel())) {
                w.start();
                w.writeBatch();
                w.writeBatch();
                w.end();
            }
            List<Batch> got = new ArrayList<>();
            try (LightstreamReader r = Lightstream.read(p.toString(), ReadOptions.builder().allocator(allocator)
                    .mmap(mode == Mode.FILE_MMAP).validateFull(true).build())) {
                for (Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                    got.add(b);
                }
            }
            assertThat(got).hasSize(2);
            for (Batch b : got) {
                try (b) {
                    BatchAssertions.assertSameData(schema, root, fx.dictionaries(), b.root(), b.dictionaries());
                }
            }
        }
    }

    enum Mode { STREAM, FILE, FILE_MMAP }

    @ParameterizedTest
    @EnumSource(Alignment.class)
    void arrowJavaReadsOurStreamFromMemory(Alignment alignment) throws IOException {
        Schema schema = TypeFixtures.schema(false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TypeFixtures fx = new TypeFixtures(allocator); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            fx.fill(root, ROWS);
            try (LightstreamWriter w = io.lightstream.io.PipeStreams.openWriter(bytes, "memory", schema,
                    WriteOptions.builder().alignment(alignment).build())) {
                w.write(root, fx.dictionaries(), Map.of());
            }
            try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(bytes.toByteArray()), allocator)) {
                assertThat(r.loadNextBatch()).isTrue();
                BatchAssertions.assertSameData(schema, root, fx.dictionaries(), r.getVectorSchemaRoot(), provider(r));
                assertThat(r.loadNextBatch()).isFalse();
            }
            Files.write(dir.resolve("x.arrows"), bytes.toByteArray());
            try (ArrowStreamReader r = new ArrowStreamReader(Channels.newChannel(Files.newInputStream(dir.resolve("x.arrows"))), allocator)) {
                assertThat(r.loadNextBatch()).isTrue();
            }
        }
    }

    private static DictionaryProvider provider(ArrowReader r) throws IOException {
        DictionaryProvider.MapDictionaryProvider p = new DictionaryProvider.MapDictionaryProvider();
        for (Map.Entry<Long, Dictionary> e : r.getDictionaryVectors().entrySet()) {
            p.put(e.getValue());
        }
        return p;
    }
}
