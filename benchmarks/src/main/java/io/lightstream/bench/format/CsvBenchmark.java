package io.lightstream.bench.format;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.lightstream.Batch;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.format.csv.CsvFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CSV parsing of one file (a benchmark shape written by this library): this library parsing into
 * typed Arrow vectors with a declared schema, against univocity-parsers tokenizing the same file
 * into {@code String[]} rows (its fastest mode; it does no type conversion, so the comparison
 * flatters the peer). {@link FormatBenchmarks} turns the times into MB/s and ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED"})
public class CsvBenchmark {
    @Param({"mixed", "numeric", "strings"})
    public String shape;

    @Param({"1000000"})
    public int rows;

    private BufferAllocator allocator;
    private Path file;
    private Schema schema;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        allocator = new RootAllocator();
        BenchmarkShapes table = BenchmarkShapes.parse(shape);
        file = Files.createTempFile("csv-bench", ".csv");
        try (DictionaryProvider.MapDictionaryProvider d = table.dictionaries(allocator);
                LightstreamWriter w = CsvFormat.openWriter(file, table.arrowSchema(), WriteOptions.DEFAULT)) {
            for (long start = 0; start < rows; start += 65_536) {
                try (VectorSchemaRoot b = table.batch(allocator, start, (int) Math.min(65_536, rows - start))) {
                    w.write(b, d);
                }
            }
        }
        // Dictionary columns read back as text.
        var fields = new java.util.ArrayList<org.apache.arrow.vector.types.pojo.Field>();
        for (var f : table.arrowSchema().getFields()) {
            fields.add(f.getDictionary() == null ? f : new org.apache.arrow.vector.types.pojo.Field(f.getName(),
                    org.apache.arrow.vector.types.pojo.FieldType.notNullable(
                            org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE), null));
        }
        schema = new Schema(fields);
    }

    /** Size in bytes of the CSV file of {@code rows} rows of a shape (what one operation parses). */
    public static long csvBytes(String shape, int rows) throws IOException {
        BenchmarkShapes table = BenchmarkShapes.parse(shape);
        long[] count = new long[1];
        java.io.OutputStream counting = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try (BufferAllocator a = new RootAllocator();
                DictionaryProvider.MapDictionaryProvider d = table.dictionaries(a);
                LightstreamWriter w = CsvFormat.openWriter(counting, "count", table.arrowSchema(), WriteOptions.DEFAULT)) {
            for (long start = 0; start < rows; start += 65_536) {
                try (VectorSchemaRoot b = table.batch(a, start, (int) Math.min(65_536, rows - start))) {
                    w.write(b, d);
                }
            }
        }
        return count[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        allocator.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long parseLightstream(Blackhole bh) throws IOException {
        long n = 0;
        try (LightstreamReader r = CsvFormat.openReader(file,
                ReadOptions.builder().allocator(allocator).schema(schema).build())) {
            for (Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                n += b.rowCount();
                bh.consume(b.root());
                b.close();
            }
        }
        return n;
    }

    @Benchmark
    public long parseUnivocity(Blackhole bh) throws IOException {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        settings.setMaxCharsPerColumn(-1);
        CsvParser parser = new CsvParser(settings);
        long n = 0;
        try (InputStream in = Files.newInputStream(file);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            parser.beginParsing(reader);
            String[] row;
            while ((row = parser.parseNext()) != null) {
                bh.consume(row);
                n++;
            }
            parser.stopParsing();
        }
        return n;
    }
}
