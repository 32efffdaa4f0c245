package io.lightstream.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Compression;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.format.SampleTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Arrow -> Parquet -> Arrow round trips through {@link ParquetBatchWriter} and {@link ParquetBatchReader}. */
class ParquetRoundTripTest {
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

    private ReadOptions readOptions(int batchSize) {
        return ReadOptions.builder().allocator(allocator).batchSize(batchSize).build();
    }

    /** Writes batches of the given sizes (consecutive logical rows) and returns their rows. */
    private List<List<Object>> write(Path file, Schema schema, WriteOptions options, int... sizes) throws IOException {
        List<List<Object>> expected = new ArrayList<>();
        try (DictionaryProvider.MapDictionaryProvider dicts = new DictionaryProvider.MapDictionaryProvider();
                LightstreamWriter w = ParquetFormat.openWriter(file, schema, options)) {
            int start = 0;
            for (int n : sizes) {
                try (VectorSchemaRoot root = SampleTables.fill(schema, allocator, start, n, dicts)) {
                    w.write(root, dicts);
                    expected.addAll(SampleTables.rows(root, dicts));
                }
                start += n;
            }
        }
        return expected;
    }

    private record Read(Schema schema, List<List<Object>> rows, int batches) {}

    private Read read(Path file, ReadOptions options) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        int batches = 0;
        try (LightstreamReader r = ParquetFormat.openReader(file, options)) {
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
    void everyTypeWithNullsAcrossBatchesAndRowGroups() throws IOException {
        Path file = dir.resolve("all.parquet");
        Schema schema = SampleTables.parquetSchema();
        WriteOptions options = WriteOptions.builder().property("row.group.rows", "150").build();
        List<List<Object>> expected = write(file, schema, options, 100, 0, 157, 3);

        Read back = read(file, readOptions(64));

        assertThat(back.schema()).isEqualTo(schema);
        assertThat(back.rows()).hasSize(260);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(back.rows().get(i)).as("row %d", i).isEqualTo(expected.get(i));
        }
        // 2 row groups (150 + 110 rows), batches of at most 64 rows that do not span groups.
        assertThat(back.batches()).isEqualTo(3 + 2);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "SNAPPY", "ZSTD", "GZIP", "LZ4_RAW"})
    void everyCodecRoundTripsAndIsRecordedInTheFooter(Compression codec) throws IOException {
        Path file = dir.resolve(codec + ".parquet");
        Schema schema = SampleTables.flatSchema();
        List<List<Object>> expected = write(file, schema, WriteOptions.builder().compression(codec).build(), 500);

        assertThat(read(file, readOptions(1000)).rows()).isEqualTo(expected);
        try (ParquetFileReader pf = new ParquetFileReader(new LocalInputFile(file),
                HadoopFreeReadOptions.build(new ParquetCodecs(0), null))) {
            assertThat(pf.getRowGroups().get(0).getColumns().get(0).getCodec())
                    .isEqualTo(ParquetBatchWriter.codecName(codec));
        }
    }

    /** Flat columns take the page decoder when their encodings allow; both paths must agree with the input. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1,true", "1,false", "2,true", "2,false"})
    void flatColumnsAcrossPageVersionsEncodingsAndPageBoundaries(int pageVersion, boolean dictionary)
            throws IOException {
        Path file = dir.resolve("flat-" + pageVersion + "-" + dictionary + ".parquet");
        List<Field> fields = new ArrayList<>(SampleTables.flatSchema().getFields());
        fields.add(SampleTables.field("req_i32", new ArrowType.Int(32, true), false));
        fields.add(SampleTables.field("req_f64", new ArrowType.FloatingPoint(
                org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE), false));
        fields.add(SampleTables.field("req_s", ArrowType.Utf8.INSTANCE, false));
        Schema schema = new Schema(fields);
        WriteOptions options = WriteOptions.builder().compression(Compression.SNAPPY)
                .property("page.version", Integer.toString(pageVersion)).property("dictionary", Boolean.toString(dictionary))
                .property("page.rows", "37").property("row.group.rows", "400").build();
        List<List<Object>> expected = write(file, schema, options, 333, 500);

        Read back = read(file, readOptions(50));
        assertThat(back.schema()).isEqualTo(schema);
        assertThat(back.rows()).isEqualTo(expected);
    }

    @Test
    void emptyFileKeepsTheSchema() throws IOException {
        Path file = dir.resolve("empty.parquet");
        Schema schema = SampleTables.parquetSchema();
        write(file, schema, WriteOptions.DEFAULT);

        Read back = read(file, readOptions(10));
        assertThat(back.batches()).isZero();
        // Without a batch there is no dictionary to tell the value type: that column keeps its index type.
        List<Field> expected = new ArrayList<>(schema.getFields());
        int cat = expected.indexOf(schema.findField("cat"));
        expected.set(cat, SampleTables.field("cat", new ArrowType.Int(8, true), true));
        assertThat(back.schema().getFields()).isEqualTo(expected);
    }

    @Test
    void projectionReadsOnlyTheNamedColumnsInTheGivenOrder() throws IOException {
        Path file = dir.resolve("p.parquet");
        Schema schema = SampleTables.parquetSchema();
        List<List<Object>> all = write(file, schema, WriteOptions.DEFAULT, 40);
        int s = schema.getFields().indexOf(schema.findField("s"));
        int los = schema.getFields().indexOf(schema.findField("los"));

        Read back = read(file, ReadOptions.builder().allocator(allocator).columns(List.of("los", "s")).build());

        assertThat(back.schema().getFields()).extracting(Field::getName).containsExactly("los", "s");
        for (int i = 0; i < all.size(); i++) {
            assertThat(back.rows().get(i)).containsExactly(all.get(i).get(los), all.get(i).get(s));
        }
        assertThatThrownBy(() -> ParquetFormat.openReader(file,
                ReadOptions.builder().allocator(allocator).columns(List.of("nope")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void rowGroupStatisticsSkipGroupsThatCannotMatch() throws IOException {
        Path file = dir.resolve("stats.parquet");
        Schema schema = new Schema(List.of(SampleTables.field("id", new ArrowType.Int(64, true), false)));
        try (LightstreamWriter w = ParquetFormat.openWriter(file, schema,
                WriteOptions.builder().property("row.group.rows", "100").build());
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            id.allocateNew(1000);
            for (int i = 0; i < 1000; i++) {
                id.set(i, i);
            }
            root.setRowCount(1000);
            w.write(root);
        }
        Read all = read(file, readOptions(10_000));
        assertThat(all.rows()).hasSize(1000);

        Read some = read(file, ReadOptions.builder().allocator(allocator).batchSize(10_000)
                .property("filter", "id >= 850 and id < 1000 or id = 5").build());
        // Groups [0,100) and [800,900), [900,1000) may match; the other seven are skipped.
        assertThat(some.rows()).hasSize(300);
        assertThat(some.rows().get(0)).containsExactly(0L);
        assertThat(some.rows().get(100)).containsExactly(800L);

        assertThatThrownBy(() -> ParquetFormat.openReader(file,
                ReadOptions.builder().allocator(allocator).property("filter", "id >= 'x'").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ParquetFormat.openReader(file,
                ReadOptions.builder().allocator(allocator).property("filter", "nope = 1").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column 'nope'");
    }

    @Test
    void nullInANonNullableColumnIsRejectedNamingTheColumn() throws IOException {
        Schema schema = new Schema(List.of(SampleTables.field("id", new ArrowType.Int(64, true), false)));
        try (LightstreamWriter w = ParquetFormat.openWriter(dir.resolve("n.parquet"), schema, WriteOptions.DEFAULT);
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            id.allocateNew(2);
            id.set(0, 1);
            id.setNull(1);
            root.setRowCount(2);
            assertThatThrownBy(() -> w.write(root)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'id'").hasMessageContaining("non-nullable");
        }
    }

    @Test
    void aWriteThatFailsPartWayLeavesNoReadableFile() throws IOException {
        Schema schema = new Schema(List.of(
                SampleTables.field("n", new ArrowType.Int(32, true), true),
                SampleTables.field("st", ArrowType.Struct.INSTANCE, true,
                        SampleTables.field("req", new ArrowType.Int(32, true), false))));
        Path file = dir.resolve("partial.parquet");
        LightstreamWriter w = ParquetFormat.openWriter(file, schema, WriteOptions.DEFAULT);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            var n = (org.apache.arrow.vector.IntVector) root.getVector("n");
            var st = (org.apache.arrow.vector.complex.StructVector) root.getVector("st");
            var req = (org.apache.arrow.vector.IntVector) st.getChild("req");
            for (int i = 0; i < 10; i++) {
                n.setSafe(i, i);
                st.setIndexDefined(i);
                if (i != 7) {
                    req.setSafe(i, i);
                }
            }
            root.setRowCount(10);
            assertThatThrownBy(() -> w.write(root)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'st.req'").hasMessageContaining("without a footer");
            assertThatThrownBy(() -> w.write(root)).isInstanceOf(io.lightstream.ProtocolException.class);
        }
        w.close();
        assertThatThrownBy(() -> read(file, readOptions(10))).isInstanceOf(io.lightstream.FormatException.class);
    }

    @Test
    void typesWithoutAParquetFormAreRejectedNamingTheColumn() {
        Schema schema = new Schema(List.of(SampleTables.field("u", new ArrowType.Union(UnionMode.Sparse, new int[] {0}),
                true, SampleTables.field("a", new ArrowType.Int(32, true), true))));
        assertThatThrownBy(() -> ParquetFormat.openWriter(dir.resolve("u.parquet"), schema, WriteOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'u'");
    }
}
