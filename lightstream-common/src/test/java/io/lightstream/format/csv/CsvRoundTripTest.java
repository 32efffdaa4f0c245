package io.lightstream.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.format.SampleTables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow -> CSV -> Arrow round trips, inference, and the quoting and null edge cases. */
class CsvRoundTripTest {
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

    /** Hands out at most one byte per read: every record and field crosses buffer refills. */
    static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static Schema textSchema() {
        List<Field> f = new ArrayList<>(SampleTables.flatSchema().getFields());
        f.add(SampleTables.field("half", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF), true));
        f.add(SampleTables.field("dur", new ArrowType.Duration(TimeUnit.MICROSECOND), true));
        f.add(SampleTables.field("dec256", new ArrowType.Decimal(50, 5, 256), true));
        f.add(SampleTables.field("req", new ArrowType.Int(64, true), false));
        return new Schema(f);
    }

    private byte[] writeCsv(Schema schema, WriteOptions options, List<List<Object>> expected, int... sizes)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DictionaryProvider.MapDictionaryProvider d = new DictionaryProvider.MapDictionaryProvider();
                LightstreamWriter w = CsvFormat.openWriter(out, "memory", schema, options)) {
            int start = 0;
            for (int n : sizes) {
                try (VectorSchemaRoot root = SampleTables.fill(schema, allocator, start, n, d)) {
                    w.write(root, d);
                    expected.addAll(SampleTables.rows(root, d));
                }
                start += n;
            }
        }
        return out.toByteArray();
    }

    private record Read(Schema schema, List<List<Object>> rows, int batches) {}

    private Read read(InputStream in, ReadOptions options) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        int batches = 0;
        try (LightstreamReader r = CsvFormat.openReader(in, "memory", options)) {
            for (Batch next = r.readBatch(); next != null; next = r.readBatch()) {
                try (Batch b = next) {
                    assertThat(b.schema()).isEqualTo(r.schema());
                    rows.addAll(SampleTables.rows(b.root(), b.dictionaries()));
                    batches++;
                }
            }
            return new Read(r.schema(), rows, batches);
        }
    }

    @Test
    void everyTextTypeRoundTripsWithAnExplicitSchema() throws IOException {
        Schema schema = textSchema();
        List<List<Object>> expected = new ArrayList<>();
        byte[] csv = writeCsv(schema, WriteOptions.DEFAULT, expected, 50, 0, 77);
        ReadOptions options = ReadOptions.builder().allocator(allocator).schema(schema).batchSize(40).build();

        Read whole = read(new ByteArrayInputStream(csv), options);
        assertThat(whole.schema()).isEqualTo(schema);
        assertThat(whole.batches()).isEqualTo(4);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(whole.rows().get(i)).as("row %d", i).isEqualTo(expected.get(i));
        }
        assertThat(read(trickle(csv), options).rows()).isEqualTo(expected);
    }

    @Test
    void dictionaryColumnsAreWrittenAsTheirValues() throws IOException {
        Schema schema = new Schema(List.of(SampleTables.parquetSchema().findField("cat")));
        List<List<Object>> expected = new ArrayList<>();
        byte[] csv = writeCsv(schema, WriteOptions.DEFAULT, expected, 9);
        assertThat(new String(csv, StandardCharsets.UTF_8)).startsWith("cat\nred\ngreen\nblue\n\ngreen\n");
        Read back = read(new ByteArrayInputStream(csv), ReadOptions.builder().allocator(allocator).build());
        assertThat(back.rows()).isEqualTo(expected);
    }

    @Test
    void inferenceFindsBooleansIntegersFloatsDatesTimestampsAndText() throws IOException {
        String csv = "b,i,f,d,ts,tsz,s,none\n"
                + "true,1,1.5,2024-01-31,2024-01-31T10:00:00,2024-01-31T10:00:00Z,x,\n"
                + "FALSE,-2,3,1999-12-31,2024-01-31 10:00:00.123456,2024-01-31T12:00:00+02:00,1,\n"
                + ",,,,,,,\n"
                + "t,9223372036854775807,-1e10,2000-02-29,1970-01-01T00:00:00,1970-01-01T00:00:00Z,,NA\n";
        Read back = read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                ReadOptions.builder().allocator(allocator).build());
        assertThat(back.schema().getFields()).extracting(Field::getType).containsExactly(
                ArrowType.Bool.INSTANCE, new ArrowType.Int(64, true),
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), new ArrowType.Date(DateUnit.DAY),
                new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"),
                ArrowType.Utf8.INSTANCE, ArrowType.Utf8.INSTANCE);
        assertThat(back.rows().get(0)).containsExactly(true, 1L, 1.5, 19753, java.time.LocalDateTime.of(2024, 1, 31, 10, 0),
                1_706_695_200_000_000L, "x", null);
        assertThat(back.rows().get(1).get(5)).isEqualTo(1_706_695_200_000_000L);
        assertThat(back.rows().get(1).get(4)).isEqualTo(java.time.LocalDateTime.of(2024, 1, 31, 10, 0, 0, 123_456_000));
        assertThat(back.rows().get(2)).containsOnlyNulls();
        assertThat(back.rows().get(3).get(1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void quotesNewlinesUnicodeAndEmptyStringsVersusNulls() throws IOException {
        String csv = "id,text\r\n"
                + "1,\"a, \"\"quoted\"\" value\"\r\n"
                + "2,\"two\nlines\r\nhere\"\r\n"
                + "3,ünïcödé ✓ 日本\r\n"
                + "4,\"\"\r\n"
                + "5,\r\n"
                + "6,NA\r\n"
                + "7,\"NA\"\r\n"
                + "8,\" padded \"\r\n"
                + "9,a\"b\r\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        Schema schema = new Schema(List.of(SampleTables.field("id", new ArrowType.Int(32, true), true),
                SampleTables.field("text", ArrowType.Utf8.INSTANCE, true)));
        ReadOptions options = ReadOptions.builder().allocator(allocator).schema(schema).build();
        List<Object> texts = new ArrayList<>();
        for (List<Object> row : read(trickle(bytes), options).rows()) {
            texts.add(row.get(1));
        }
        assertThat(texts).containsExactly("a, \"quoted\" value", "two\nlines\r\nhere", "ünïcödé ✓ 日本", "", null, null,
                "NA", " padded ", "a\"b");

        // Writing those values back quotes exactly what needs it, and reads back identically.
        List<List<Object>> rows = read(new ByteArrayInputStream(bytes), options).rows();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LightstreamReader r = CsvFormat.openReader(new ByteArrayInputStream(bytes), "memory", options);
                LightstreamWriter w = CsvFormat.openWriter(out, "memory", schema, WriteOptions.DEFAULT);
                Batch b = r.readBatch()) {
            w.write(b.root());
        }
        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written).isEqualTo("id,text\n"
                + "1,\"a, \"\"quoted\"\" value\"\n"
                + "2,\"two\nlines\r\nhere\"\n"
                + "3,ünïcödé ✓ 日本\n"
                + "4,\"\"\n"
                + "5,\n"
                + "6,\n"
                + "7,\"NA\"\n"
                + "8,\" padded \"\n"
                + "9,\"a\"\"b\"\n");
        assertThat(read(new ByteArrayInputStream(out.toByteArray()), options).rows()).isEqualTo(rows);
    }

    @Test
    void delimiterHeaderNullAndQuoteOptions() throws IOException {
        Schema schema = new Schema(List.of(SampleTables.field("a", new ArrowType.Int(64, true), true),
                SampleTables.field("b", ArrowType.Utf8.INSTANCE, true)));
        WriteOptions w = WriteOptions.builder().property("delimiter", "tab").property("header", "false")
                .property("null", "\\N").property("quote", "'").build();
        List<List<Object>> expected = new ArrayList<>();
        byte[] tsv = writeCsv(schema, w, expected, 12);
        String text = new String(tsv, StandardCharsets.UTF_8);
        assertThat(text).contains("\t").contains("\\N").contains("'comma, \"quote\" and\nnewline 2'");
        // With a non-empty null text an empty string needs no quotes.
        assertThat(text.split("\n")[0]).isEqualTo("0\t");

        ReadOptions r = ReadOptions.builder().allocator(allocator).schema(schema).property("delimiter", "\\t")
                .property("header", "false").property("null", "\\N").property("quote", "'").build();
        assertThat(read(new ByteArrayInputStream(tsv), r).rows()).isEqualTo(expected);

        // Without a schema and a header, names are f0, f1, ...
        Read inferred = read(new ByteArrayInputStream(tsv), ReadOptions.builder().allocator(allocator)
                .property("delimiter", "tab").property("header", "false").property("null", "\\N")
                .property("quote", "'").build());
        assertThat(inferred.schema().getFields()).extracting(Field::getName).containsExactly("f0", "f1");
    }

    @Test
    void projectionAndHeaderOrderIndependentSchemas() throws IOException {
        String csv = "x,y,z\n1,a,true\n2,b,false\n";
        Schema declared = new Schema(List.of(SampleTables.field("z", ArrowType.Bool.INSTANCE, true),
                SampleTables.field("x", new ArrowType.Int(16, true), true)));
        Read byName = read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                ReadOptions.builder().allocator(allocator).schema(declared).build());
        assertThat(byName.schema()).isEqualTo(declared);
        assertThat(byName.rows()).containsExactly(Arrays.asList(true, (short) 1), Arrays.asList(false, (short) 2));

        Read projected = read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                ReadOptions.builder().allocator(allocator).columns(List.of("y")).build());
        assertThat(projected.rows()).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void emptyInputsGiveNoBatches() throws IOException {
        Path file = dir.resolve("empty.csv");
        Files.write(file, new byte[0]);
        try (LightstreamReader r = CsvFormat.openReader(file, ReadOptions.builder().allocator(allocator).build())) {
            assertThat(r.schema().getFields()).isEmpty();
            assertThat(r.readBatch()).isNull();
        }
        Files.writeString(file, "\uFEFFa,b\n");
        try (LightstreamReader r = CsvFormat.openReader(file, ReadOptions.builder().allocator(allocator).build())) {
            assertThat(r.schema().getFields()).extracting(Field::getName).containsExactly("a", "b");
            assertThat(r.readBatch()).isNull();
        }
        Schema schema = textSchema();
        Path out = dir.resolve("out.csv");
        try (LightstreamWriter w = CsvFormat.openWriter(out, schema, WriteOptions.DEFAULT)) {
            assertThat(w.schema()).isEqualTo(schema);
        }
        try (LightstreamReader r = CsvFormat.openReader(out,
                ReadOptions.builder().allocator(allocator).schema(schema).build())) {
            assertThat(r.schema()).isEqualTo(schema);
            assertThat(r.readBatch()).isNull();
        }
    }
}
