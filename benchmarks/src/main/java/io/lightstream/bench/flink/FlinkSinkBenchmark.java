package io.lightstream.bench.flink;

import io.lightstream.flink.sink.LightstreamRecordSerializer;
import io.lightstream.flink.sink.LightstreamSink;
import io.lightstream.sample.SampleShape;
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
 * to a {@code tcp://} loopback endpoint, where a consumer in the same JVM reads the Arrow stream
 * ({@code lightstreamSink}), against the same job into Flink's {@code DiscardingSink} ({@code
 * discardingSink}): what the sink costs on top of producing the rows.
 *
 * One operation is one bounded job, timed from the moment its first row leaves the gate (the job
 * is deployed and the sink connected) until the job has finished, the Lightstream sink having sent
 * its stream and the consumer having read it to its end.
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
    private SampleShape sampleShape;
    private RowType rowType;
    private long jobRows;
    private JobID job;
    private LoopbackConsumer consumer;
    private int streams;
    private boolean lightstream;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        sampleShape = SampleShape.parse(shape);
        rowType = ShapeRows.rowType(sampleShape);
        jobRows = ShapeRows.rowsFor(shape, rows);
        lightstream = params.getBenchmark().endsWith(".lightstreamSink");
        if (lightstream) {
            consumer = new LoopbackConsumer();
        }
        cluster = new BenchCluster();
    }

    @Setup(Level.Iteration)
    public void startJob() throws Exception {
        GatedRowGenerator.reset();
        StreamExecutionEnvironment env = BenchCluster.environment();
        DataStream<RowData> rowsStream = env.fromSource(new DataGeneratorSource<>(new GatedRowGenerator(sampleShape),
                jobRows, RateLimiterStrategy.noOp(), InternalTypeInfo.of(rowType)), WatermarkStrategy.noWatermarks(),
                "generator");
        if (lightstream) {
            rowsStream.sinkTo(LightstreamSink.<RowData>builder()
                    .setUris(consumer.uri())
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
            long received = consumer.awaitStream(++streams, 60_000);
            if (received != jobRows) {
                throw new IllegalStateException("the sink sent " + received + " rows, not " + jobRows);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        cluster.close();
        if (consumer != null) {
            consumer.close();
        }
    }
}
