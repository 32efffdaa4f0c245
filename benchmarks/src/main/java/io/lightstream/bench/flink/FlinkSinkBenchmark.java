package io.lightstream.bench.flink;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.flink.sink.LightstreamRecordSerializer;
import io.lightstream.flink.sink.LightstreamSink;
import io.lightstream.sample.SampleShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
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
 * Rows per second of one Flink subtask from a generator ({@code DataGeneratorSource} making
 * {@code GenericRowData}, as in {@link FlinkSourceBenchmark}) into {@link LightstreamSink} writing
 * an Arrow stream file ({@code lightstreamSink}), against the same job into Flink's {@code
 * DiscardingSink} ({@code discardingSink}): what the sink costs on top of producing the rows.
 *
 * One operation is one bounded job, timed from the moment its first row leaves the gate (the job
 * is deployed and the sink open) until the job has finished, the Lightstream sink having written
 * and closed its file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED"})
public class FlinkSinkBenchmark {
    @Param({"mixed", "numeric", "strings", "wide"})
    public String shape;

    /** Rows per job (an eighth of it for the wide shape). */
    @Param({"4000000"})
    public long rows;

    private BenchCluster cluster;
    private Path dir;
    private SampleShape sampleShape;
    private RowType rowType;
    private long jobRows;
    private JobID job;
    private Path output;
    private int iteration;
    private boolean lightstream;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        sampleShape = SampleShape.parse(shape);
        rowType = ShapeRows.rowType(sampleShape);
        jobRows = ShapeRows.rowsFor(shape, rows);
        lightstream = params.getBenchmark().endsWith(".lightstreamSink");
        dir = Files.createTempDirectory("flink-sink-bench");
        cluster = new BenchCluster();
    }

    @Setup(Level.Iteration)
    public void startJob() throws Exception {
        GatedRowGenerator.reset();
        StreamExecutionEnvironment env = BenchCluster.environment();
        DataStream<RowData> rowsStream = env.fromSource(new DataGeneratorSource<>(new GatedRowGenerator(sampleShape),
                jobRows, RateLimiterStrategy.noOp(), InternalTypeInfo.of(rowType)), WatermarkStrategy.noWatermarks(),
                "generator");
        output = dir.resolve("out-" + iteration++ + ".arrows");
        if (lightstream) {
            rowsStream.sinkTo(LightstreamSink.<RowData>builder()
                    .setUris(output.toString())
                    .setSerializer(LightstreamRecordSerializer.rowData(rowType))
                    .build());
        } else {
            rowsStream.sinkTo(new DiscardingSink<>());
        }
        job = cluster.submit(env);
        while (!GatedRowGenerator.awaitFirstRow(100)) {
            if (cluster.isDone(job)) {
                cluster.awaitSuccess(job);
                throw new IllegalStateException("job ended before its first row");
            }
        }
    }

    private void run() throws Exception {
        GatedRowGenerator.open();
        cluster.awaitSuccess(job);
    }

    @Benchmark
    public void lightstreamSink() throws Exception {
        run();
    }

    @Benchmark
    public void discardingSink() throws Exception {
        run();
    }

    @TearDown(Level.Iteration)
    public void checkOutput() throws Exception {
        GatedRowGenerator.open();
        cluster.awaitSuccess(job);
        if (lightstream) {
            long written = 0;
            try (LightstreamReader in = Lightstream.read(output.toString())) {
                for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                    written += b.rowCount();
                    b.close();
                }
            }
            Files.delete(output);
            if (written != jobRows) {
                throw new IllegalStateException("the sink wrote " + written + " rows, not " + jobRows);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        cluster.close();
        Files.deleteIfExists(dir);
    }
}
