package io.lightstream.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.GroupWriter;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files we write, read by parquet-java's own example object model (its record assembly, not ours),
 * and files parquet-java's example writer produces, read by us.
 */
class ParquetInteropTest {
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

    /** Reads every record with parquet-java's example {@link GroupRecordConverter}. */
    private static List<Group> readWithParquetJava(Path file) throws IOException {
        List<Group> out = new ArrayList<>();
        try (ParquetFileReader r = new ParquetFileReader(new LocalInputFile(file),
                HadoopFreeReadOptions.build(new ParquetCodecs(0), null))) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            PageReadStore rg;
            while ((rg = r.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(rg, new GroupRecordConverter(schema));
                for (long i = 0; i < rg.getRowCount(); i++) {
                    out.add(records.read());
                }
            }
        }
        return out;
    }

    @Test
    void parquetJavaReadsWhatWeWrite() throws IOException {
        Schema schema = new Schema(List.of(
                Field.notNullable("id", new ArrowType.Int(64, true)),
                Field.nullable("name", ArrowType.Utf8.INSTANCE),
                Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                new Field("tags", org.apache.arrow.vector.types.pojo.FieldType.nullable(ArrowType.List.INSTANCE),
                        List.of(Field.nullable("element", ArrowType.Utf8.INSTANCE))),
                Field.nullable("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));
        Path file = dir.resolve("ours.parquet");
        try (LightstreamWriter w = ParquetFormat.openWriter(file, schema,
                WriteOptions.builder().compression(io.lightstream.Compression.ZSTD).build());
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            BigIntVector id = (BigIntVector) root.getVector("id");
            VarCharVector name = (VarCharVector) root.getVector("name");
            Float8Vector score = (Float8Vector) root.getVector("score");
            ListVector tags = (ListVector) root.getVector("tags");
            VarCharVector tag = (VarCharVector) tags.getDataVector();
            var ts = (org.apache.arrow.vector.TimeStampMicroTZVector) root.getVector("at");
            for (int i = 0; i < 10; i++) {
                id.setSafe(i, 1000 + i);
                if (i != 3) {
                    name.setSafe(i, ("n" + i).getBytes(StandardCharsets.UTF_8));
                }
                score.setSafe(i, i / 4.0);
                if (i % 4 == 1) {
                    tags.setNull(i);
                } else {
                    int off = tags.startNewValue(i);
                    for (int j = 0; j < i % 4; j++) {
                        tag.setSafe(off + j, ("t" + j).getBytes(StandardCharsets.UTF_8));
                    }
                    tags.endValue(i, i % 4);
                }
                ts.setSafe(i, 1_700_000_000_000_000L + i);
            }
            root.setRowCount(10);
            w.write(root);
        }

        List<Group> groups = readWithParquetJava(file);
        assertThat(groups).hasSize(10);
        for (int i = 0; i < 10; i++) {
            Group g = groups.get(i);
            assertThat(g.getLong("id", 0)).isEqualTo(1000 + i);
            assertThat(g.getFieldRepetitionCount("name")).isEqualTo(i == 3 ? 0 : 1);
            if (i != 3) {
                assertThat(g.getString("name", 0)).isEqualTo("n" + i);
            }
            assertThat(g.getDouble("score", 0)).isEqualTo(i / 4.0);
            if (i % 4 == 1) {
                assertThat(g.getFieldRepetitionCount("tags")).isZero();
            } else {
                Group list = g.getGroup("tags", 0);
                assertThat(list.getFieldRepetitionCount("list")).isEqualTo(i % 4);
                for (int j = 0; j < i % 4; j++) {
                    assertThat(list.getGroup("list", j).getString("element", 0)).isEqualTo("t" + j);
                }
            }
            assertThat(g.getLong("at", 0)).isEqualTo(1_700_000_000_000_000L + i);
        }
    }

    @Test
    void weReadWhatParquetJavaWrites() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message m {"
                + " required int32 id;"
                + " optional binary name (STRING);"
                + " optional int64 ts (TIMESTAMP(MILLIS,true));"
                + " optional int32 day (DATE);"
                + " optional fixed_len_byte_array(5) price (DECIMAL(10,2));"
                + " optional group scores (LIST) { repeated group list { optional double element; } }"
                + " repeated int32 legacy;"
                + " optional group kv (MAP) { repeated group key_value { required binary key (STRING);"
                + "   optional int64 value; } }"
                + " optional group point { required double x; optional double y; }"
                + "}");
        Path file = dir.resolve("theirs.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        List<Group> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Group g = groups.newGroup().append("id", i);
            if (i % 5 != 0) {
                g.append("name", "row" + i);
            }
            g.append("ts", 1_600_000_000_000L + i).append("day", 19_000 + i);
            g.append("price", org.apache.parquet.io.api.Binary.fromConstantByteArray(
                    pad(java.math.BigInteger.valueOf(i * 101 - 500).toByteArray(), 5)));
            Group scores = g.addGroup("scores");
            for (int j = 0; j < i % 3; j++) {
                Group e = scores.addGroup("list");
                if (j != 1) {
                    e.append("element", i + j / 10.0);
                }
            }
            for (int j = 0; j < i % 2 + 1; j++) {
                g.append("legacy", i * 10 + j);
            }
            if (i % 4 != 0) {
                Group kv = g.addGroup("kv");
                kv.addGroup("key_value").append("key", "a").append("value", (long) i);
            }
            Group p = g.addGroup("point").append("x", i * 1.5);
            if (i % 2 == 0) {
                p.append("y", -i * 1.5);
            }
            batch.add(g);
        }
        writeWithParquetJava(file, schema, batch, 7);

        List<List<Object>> rows = new ArrayList<>();
        Schema arrow;
        try (LightstreamReader r = ParquetFormat.openReader(file,
                ReadOptions.builder().allocator(allocator).batchSize(4).build())) {
            arrow = r.schema();
            for (Batch next = r.readBatch(); next != null; next = r.readBatch()) {
                try (Batch b = next) {
                    rows.addAll(io.lightstream.format.SampleTables.rows(b.root(), b.dictionaries()));
                }
            }
        }
        assertThat(arrow.findField("ts").getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"));
        assertThat(arrow.findField("price").getType()).isEqualTo(new ArrowType.Decimal(10, 2, 128));
        assertThat(arrow.findField("legacy").getType()).isEqualTo(ArrowType.List.INSTANCE);
        assertThat(arrow.findField("kv").getType()).isEqualTo(new ArrowType.Map(false));
        assertThat(rows).hasSize(20);
        for (int i = 0; i < 20; i++) {
            List<Object> row = rows.get(i);
            assertThat(row.get(0)).isEqualTo(i);
            assertThat(row.get(1)).isEqualTo(i % 5 != 0 ? "row" + i : null);
            assertThat(row.get(2)).isEqualTo(1_600_000_000_000L + i);
            assertThat(row.get(3)).isEqualTo(19_000 + i);
            assertThat(row.get(4)).isEqualTo(java.math.BigDecimal.valueOf(i * 101 - 500, 2));
            List<Object> scores = new ArrayList<>();
            for (int j = 0; j < i % 3; j++) {
                scores.add(j != 1 ? i + j / 10.0 : null);
            }
            assertThat(row.get(5)).isEqualTo(scores);
            List<Object> legacy = new ArrayList<>();
            for (int j = 0; j < i % 2 + 1; j++) {
                legacy.add(i * 10 + j);
            }
            assertThat(row.get(6)).isEqualTo(legacy);
            assertThat(String.valueOf(row.get(7))).isEqualTo(i % 4 != 0 ? "[{key=a, value=" + i + "}]" : "null");
            assertThat(String.valueOf(row.get(8))).isEqualTo(i % 2 == 0 ? "{x=" + (i * 1.5) + ", y=" + (-i * 1.5) + "}"
                    : "{x=" + (i * 1.5) + "}");
        }
    }

    /**
     * Writes records with parquet-java's own example object model and record shredding
     * ({@link GroupWriter} over {@code MessageColumnIO}), {@code rowsPerGroup} rows per row group.
     */
    private static void writeWithParquetJava(Path file, MessageType schema, List<Group> records, int rowsPerGroup)
            throws IOException {
        ParquetCodecs codecs = new ParquetCodecs(0);
        ParquetFileWriter fw = new ParquetFileWriter(new LocalOutputFile(file), schema,
                ParquetFileWriter.Mode.OVERWRITE, 128 << 20, 0, 64, Integer.MAX_VALUE, false);
        fw.start();
        ParquetProperties props = ParquetProperties.builder().build();
        for (int from = 0; from < records.size(); from += rowsPerGroup) {
            int to = Math.min(records.size(), from + rowsPerGroup);
            ColumnChunkPageWriteStore pages = ColumnChunkPageWriteStore.builder()
                    .withCompressorProvider(c -> codecs.getCompressor(CompressionCodecName.SNAPPY))
                    .withSchema(schema).withAllocator(new HeapByteBufferAllocator()).build();
            ColumnWriteStore store = props.newColumnWriteStore(schema, pages, pages);
            RecordConsumer consumer = new ColumnIOFactory().getColumnIO(schema).getRecordWriter(store);
            GroupWriter writer = new GroupWriter(consumer, schema);
            for (int i = from; i < to; i++) {
                writer.write(records.get(i));
            }
            consumer.flush();
            fw.startBlock(to - from);
            store.flush();
            pages.flushToFileWriter(fw);
            fw.endBlock();
            store.close();
            pages.close();
        }
        fw.end(Map.of());
    }

    private static byte[] pad(byte[] twosComplement, int width) {
        byte[] out = new byte[width];
        byte fill = (byte) (twosComplement[0] < 0 ? -1 : 0);
        int lead = width - twosComplement.length;
        for (int i = 0; i < width; i++) {
            out[i] = i < lead ? fill : twosComplement[i - lead];
        }
        return out;
    }
}
