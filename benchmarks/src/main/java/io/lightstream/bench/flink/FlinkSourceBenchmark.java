package io.lightstream.bench.flink;

import io.lightstream.flink.format.ArrowBulkFormat;
import io.lightstream.flink.source.LightstreamSource;
import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.sample.SampleShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Rows per second of one Flink source subtask, {@code source -> sink reading every field}, on the
 * four shapes, for four sources of the same rows:
 *
 * <ul>
 *   <li>{@code lightstreamSource}: {@link LightstreamSource} reading a {@code tcp://} loopback
 *       endpoint, where a producer in the same JVM sends the rows as an Arrow stream of 64K-row
 *       batches (from a memory-mapped {@code .arrows} file); rows are columnar views over the
 *       received vectors;
 *   <li>{@code generated}: Flink's {@code DataGeneratorSource} making each row in memory as a
 *       {@code GenericRowData} (the datagen connector's way), the rate with no I/O and no decoding;
 *   <li>{@code parquetFileSource}: Flink's {@code FileSource} with its vectorised Parquet reader
 *       ({@code ParquetColumnarRowInputFormat}, batches of 2048 rows) over the same rows as an
 *       uncompressed Parquet file;
 *   <li>{@code arrowFileSource}: {@code FileSource} with this project's {@link ArrowBulkFormat}
 *       over the same rows as an Arrow IPC file.
 * </ul>
 *
 * One operation is one bounded job over all rows, timed from inside: the job is deployed and its
 * source open (the first row waits at the sink's gate) before the clock starts, and the clock stops
 * when the sink has read the last row. Files are read from the page cache. The producer sends on a
 * thread of its own, so on a small machine it competes with the job for the cores, as a producer on
 * the same host would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED"})
public class FlinkSourceBenchmark {
    private static final long WAIT_MILLIS = 300_000;

    @Param({"mixed", "numeric", "strings", "wide"})
    public String shape;

    /** Rows per job (an eighth of it for the wide shape). */
    @Param({"4000000"})
    public long rows;

    @Param({"65536"})
    public int batchRows;

    private BenchCluster cluster;
    private Path dir;
    private SampleShape sampleShape;
    private RowType rowType;
    private long jobRows;
    private JobID job;
    private LoopbackProducer producer;

    private static String method(BenchmarkParams params) {
        String name = params.getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        sampleShape = SampleShape.parse(shape);
        rowType = ShapeRows.rowType(sampleShape);
        jobRows = ShapeRows.rowsFor(shape, rows);
        dir = Files.createTempDirectory("flink-source-bench");
        switch (method(params)) {
            case "lightstreamSource" -> {
                InputFiles.write(file("arrows"), sampleShape, jobRows, batchRows);
                producer = new LoopbackProducer(file("arrows"));
            }
            case "arrowFileSource" -> InputFiles.write(file("arrow"), sampleShape, jobRows, batchRows);
            case "parquetFileSource" -> InputFiles.write(file("parquet"), sampleShape, jobRows, batchRows);
            default -> { }
        }
        cluster = new BenchCluster();
    }

    private Path file(String extension) {
        return dir.resolve("rows." + extension);
    }

    @Setup(Level.Iteration)
    public void startJob(BenchmarkParams params) throws Exception {
        FieldReadingSink.reset();
        StreamExecutionEnvironment env = BenchCluster.environment();
        String method = method(params);
        org.apache.flink.streaming.api.datastream.DataStreamSource<RowData> stream = switch (method) {
            case "lightstreamSource" -> env.fromSource(LightstreamSource.<RowData>builder()
                    .setUris(producer.uri())
                    .setDeserializer(LightstreamDeserializer.rowData(rowType))
                    .setBounded(true)
                    .build(), WatermarkStrategy.noWatermarks(), method);
            case "generated" -> env.fromSource(new DataGeneratorSource<>(new ShapeRowGenerator(sampleShape), jobRows,
                    RateLimiterStrategy.noOp(), InternalTypeInfo.of(rowType)), WatermarkStrategy.noWatermarks(), method);
            case "parquetFileSource" -> env.fromSource(FileSource.forBulkFileFormat(
                    new ParquetColumnarRowInputFormat<>(new org.apache.hadoop.conf.Configuration(), rowType,
                            InternalTypeInfo.of(rowType), 2048, true, true),
                    new org.apache.flink.core.fs.Path(file("parquet").toUri())).build(),
                    WatermarkStrategy.noWatermarks(), method);
            case "arrowFileSource" -> env.fromSource(FileSource.forBulkFileFormat(
                    ArrowBulkFormat.builder(rowType).build(),
                    new org.apache.flink.core.fs.Path(file("arrow").toUri())).build(),
                    WatermarkStrategy.noWatermarks(), method);
            default -> throw new IllegalStateException(method);
        };
        stream.sinkTo(new FieldReadingSink(rowType));
        job = cluster.submit(env);
        while (!FieldReadingSink.awaitFirstRow(100)) {
            if (cluster.isDone(job)) {
                cluster.awaitSuccess(job);
                throw new IllegalStateException("job ended before its first row");
            }
        }
    }

    private void run() throws Exception {
        FieldReadingSink.open();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!FieldReadingSink.awaitEnd(100)) {
            if (cluster.isDone(job) && !FieldReadingSink.awaitEnd(1_000)) {
                cluster.awaitSuccess(job); // a failed job throws its cause here
                throw new IllegalStateException("job finished without delivering all its rows");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("job did not deliver its rows in time");
            }
        }
    }

    @Benchmark
    public void lightstreamSource() throws Exception {
        run();
    }

    @Benchmark
    public void generated() throws Exception {
        run();
    }

    @Benchmark
    public void parquetFileSource() throws Exception {
        run();
    }

    @Benchmark
    public void arrowFileSource() throws Exception {
        run();
    }

    @TearDown(Level.Iteration)
    public void finishJob() throws Exception {
        FieldReadingSink.open();
        cluster.awaitSuccess(job);
        if (producer != null) {
            producer.check();
        }
        if (FieldReadingSink.rows() != jobRows) {
            throw new IllegalStateException("the job delivered " + FieldReadingSink.rows() + " rows, not " + jobRows);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        cluster.close();
        if (producer != null) {
            producer.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
