package io.lightstream.format.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Format;
import io.lightstream.FormatException;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.format.SampleTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chunked directories through {@link Lightstream#read} and {@link Lightstream#write}, for every format. */
class ChunkedDatasetTest {
    @TempDir
    Path dir;

    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
    }

    private static Schema schemaFor(String ext) {
        if (ext.equals(".parquet")) {
            return SampleTables.parquetSchema();
        }
        // Text formats: the flat columns (dictionary columns read back as their values).
        return SampleTables.flatSchema();
    }

    private List<List<Object>> write(String uri, Schema schema, WriteOptions options, int... sizes) throws IOException {
        List<List<Object>> expected = new ArrayList<>();
        try (DictionaryProvider.MapDictionaryProvider d = new DictionaryProvider.MapDictionaryProvider();
                LightstreamWriter w = Lightstream.write(uri, schema, options)) {
            int start = 0;
            for (int n : sizes) {
                try (VectorSchemaRoot root = SampleTables.fill(schema, allocator, start, n, d)) {
                    w.write(root, d);
                    expected.addAll(SampleTables.rows(root, d));
                }
                start += n;
            }
        }
        return expected;
    }

    @ParameterizedTest
    @ValueSource(strings = {".parquet", ".csv", ".json", ".jsonl"})
    void rowsPerFileSplitsAndTheDirectoryReadsBackAsOneTable(String ext) throws IOException {
        Schema schema = schemaFor(ext);
        Path out = dir.resolve("sales" + ext);
        List<List<Object>> expected = write(out.toString(), schema, WriteOptions.builder().rowsPerFile(100).build(),
                70, 70, 0, 70, 40);

        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("sales-0" + ext, "sales-1" + ext, "sales-2" + ext);
        }
        ReadOptions.Builder options = ReadOptions.builder().allocator(allocator).batchSize(64);
        if (!ext.equals(".parquet")) {
            options.schema(schema);
        }
        // Hold every batch until the end: batches stay valid after the reader moved to later chunks.
        List<Batch> held = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        try (LightstreamReader r = Lightstream.read(out.toString(), options.build())) {
            for (Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                held.add(b);
            }
            for (int i = 0; i < held.size(); i++) {
                assertThat(held.get(i).sequence()).isEqualTo(i);
                rows.addAll(SampleTables.rows(held.get(i).root(), held.get(i).dictionaries()));
            }
            held.forEach(Batch::close);
        }
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void singleFilesGoThroughTheSameEntryPoints() throws IOException {
        Schema schema = SampleTables.flatSchema();
        for (String name : new String[] {"a.pq", "b.csv", "c.json", "d.ndjson", "e.data"}) {
            Path p = dir.resolve(name);
            WriteOptions w = name.endsWith(".data") ? WriteOptions.builder().format(Format.CSV).build()
                    : WriteOptions.DEFAULT;
            List<List<Object>> expected = write(p.toString(), schema, w, 25);
            ReadOptions.Builder r = ReadOptions.builder().allocator(allocator).schema(schema);
            if (name.endsWith(".data")) {
                r.format(Format.CSV);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (LightstreamReader reader = Lightstream.read(p.toUri().toString(), r.build())) {
                for (Batch next = reader.readBatch(); next != null; next = reader.readBatch()) {
                    try (Batch b = next) {
                        rows.addAll(SampleTables.rows(b.root(), b.dictionaries()));
                    }
                }
            }
            assertThat(rows).as(name).isEqualTo(expected);
        }
    }

    @Test
    void csvChunksAreReadWithTheFirstChunksTypes() throws IOException {
        Path d = Files.createDirectories(dir.resolve("nums"));
        Files.writeString(d.resolve("nums-0.csv"), "x\n1\n2\n");
        // Inferred alone this chunk would be float64; read as part of the dataset it must fit int64.
        Files.writeString(d.resolve("nums-1.csv"), "x\n3\n4.5\n");
        assertThatThrownBy(() -> {
            try (LightstreamReader r = Lightstream.read(d.toString(),
                    ReadOptions.builder().allocator(allocator).format(Format.CSV).build())) {
                for (Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                    b.close();
                }
            }
        }).isInstanceOf(FormatException.class).hasMessageContaining("nums-1.csv").hasMessageContaining("4.5");
    }

    @Test
    void gapsSeveralBasesAndEmptyDirectoriesAreErrors() throws IOException {
        Schema schema = new Schema(List.of(SampleTables.flatSchema().findField("i32")));
        Path d = dir.resolve("t.parquet");
        write(d.toString(), schema, WriteOptions.builder().rowsPerFile(5).build(), 20);
        Files.delete(d.resolve("t-2.parquet"));
        assertThatThrownBy(() -> Lightstream.read(d.toString(), ReadOptions.builder().allocator(allocator).build()))
                .isInstanceOf(FormatException.class).hasMessageContaining("missing chunk t-2");

        Path two = dir.resolve("two.parquet");
        write(two.toString(), schema, WriteOptions.builder().rowsPerFile(5).property("base", "a").build(), 7);
        write(two.resolve("b.parquet").toString().replace("b.parquet", "x.parquet"), schema,
                WriteOptions.DEFAULT, 1);
        try (Stream<Path> files = Files.list(two)) {
            assertThat(files.count()).isEqualTo(3);
        }
        Files.move(two.resolve("x.parquet"), two.resolve("b-0.parquet"));
        assertThatThrownBy(() -> Lightstream.read(two.toString(), ReadOptions.builder().allocator(allocator).build()))
                .isInstanceOf(LightstreamException.class).hasMessageContaining("several datasets");
        try (LightstreamReader r = Lightstream.read(two.toString(),
                ReadOptions.builder().allocator(allocator).property("base", "a").build())) {
            long rows = 0;
            for (Batch next = r.readBatch(); next != null; next = r.readBatch()) {
                try (Batch b = next) {
                    rows += b.rowCount();
                }
            }
            assertThat(rows).isEqualTo(7);
        }

        Path empty = Files.createDirectories(dir.resolve("empty.parquet"));
        assertThatThrownBy(() -> Lightstream.read(empty.toString(), ReadOptions.builder().allocator(allocator).build()))
                .isInstanceOf(LightstreamException.class).hasMessageContaining("no chunk files");

        // Writing over an existing dataset is refused.
        assertThatThrownBy(() -> write(d.toString(), schema, WriteOptions.builder().rowsPerFile(5).build(), 1))
                .isInstanceOf(LightstreamException.class).hasMessageContaining("already holds");
    }

    @Test
    void anEmptyDatasetStillRecordsItsSchema() throws IOException {
        Schema schema = SampleTables.flatSchema();
        Path d = dir.resolve("none.parquet");
        write(d.toString(), schema, WriteOptions.builder().rowsPerFile(10).build());
        try (LightstreamReader r = Lightstream.read(d.toString(), ReadOptions.builder().allocator(allocator).build())) {
            assertThat(r.schema().getFields()).extracting(Field::getName)
                    .isEqualTo(schema.getFields().stream().map(Field::getName).toList());
            assertThat(r.readBatch()).isNull();
        }
    }
}
