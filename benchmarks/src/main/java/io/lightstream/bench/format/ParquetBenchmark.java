package io.lightstream.bench.format;

import io.lightstream.Batch;
import io.lightstream.Compression;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.format.parquet.ParquetFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
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
 * Parquet write and read of the four benchmark shapes: this library (Arrow vectors straight to and
 * from parquet-java's column API) against parquet-java's Avro binding ({@code AvroParquetWriter} /
 * {@code AvroParquetReader}) on the same rows and the same codec. Both readers read the same file
 * (written by this library). One operation = all {@code rows} rows; {@link FormatBenchmarks}
 * turns the times into rows per second and ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED"})
public class ParquetBenchmark {
    @Param({"mixed", "numeric", "strings", "wide"})
    public String shape;

    @Param({"1000000"})
    public int rows;

    @Param({"65536"})
    public int batchRows;

    @Param({"snappy"})
    public String codec;

    private BufferAllocator allocator;
    private BenchmarkShapes table;
    private List<VectorSchemaRoot> batches;
    private DictionaryProvider.MapDictionaryProvider dictionaries;
    private List<GenericRecord> records;
    private Path dir;
    private Path readFile;
    private Configuration hadoop;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        allocator = new RootAllocator();
        table = BenchmarkShapes.parse(shape);
        dictionaries = table.dictionaries(allocator);
        batches = new ArrayList<>();
        for (long start = 0; start < rows; start += batchRows) {
            batches.add(table.batch(allocator, start, (int) Math.min(batchRows, rows - start)));
        }
        records = table.records(0, rows);
        dir = Files.createTempDirectory("parquet-bench");
        readFile = dir.resolve("read.parquet");
        writeOurs(readFile);
        hadoop = new Configuration();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        batches.forEach(VectorSchemaRoot::close);
        dictionaries.close();
        allocator.close();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private WriteOptions writeOptions() {
        return WriteOptions.builder().compression(Compression.parse(codec)).build();
    }

    private void writeOurs(Path file) throws IOException {
        try (LightstreamWriter w = ParquetFormat.openWriter(file, table.arrowSchema(), writeOptions())) {
            for (VectorSchemaRoot b : batches) {
                w.write(b, dictionaries);
            }
        }
    }

    @Benchmark
    public void writeLightstream() throws IOException {
        writeOurs(dir.resolve("ours.parquet"));
    }

    @Benchmark
    public void writeAvro() throws IOException {
        try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(
                        new LocalOutputFile(dir.resolve("avro.parquet")))
                .withSchema(table.avroSchema())
                .withConf(hadoop)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.valueOf(codec.toUpperCase(Locale.ROOT)))
                .build()) {
            for (GenericRecord r : records) {
                w.write(r);
            }
        }
    }

    @Benchmark
    public long readLightstream(Blackhole bh) throws IOException {
        long n = 0;
        try (LightstreamReader r = ParquetFormat.openReader(readFile,
                ReadOptions.builder().allocator(allocator).batchSize(batchRows).build())) {
            for (Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                n += b.rowCount();
                bh.consume(b.root());
                b.close();
            }
        }
        return n;
    }

    @Benchmark
    public long readAvro(Blackhole bh) throws IOException {
        long n = 0;
        try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(readFile))
                .withConf(hadoop).build()) {
            for (GenericRecord rec = r.read(); rec != null; rec = r.read()) {
                bh.consume(rec);
                n++;
            }
        }
        return n;
    }
}
