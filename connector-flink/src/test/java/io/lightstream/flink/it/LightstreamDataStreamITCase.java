package io.lightstream.flink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.flink.arrow.vectors.ReleasedBatchException;
import io.lightstream.flink.sink.LightstreamRecordSerializer;
import io.lightstream.flink.sink.LightstreamSink;
import io.lightstream.flink.source.LightstreamSource;
import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.testutils.ArrowTestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * DataStream jobs on a MiniCluster: Lightstream source to Lightstream sink at parallelism 2 with
 * checkpointing, a failover restored from a checkpoint, and a stop-with-savepoint resumed by a new
 * job. Every run is checked by count and checksum of the rows the sink wrote. Also: watermark
 * alignment, malformed input, and an operator that keeps rows past their batch with object reuse.
 */
class LightstreamDataStreamITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .build());

    @TempDir
    Path dir;

    private static LightstreamSource<RowData> source(Dataset data) {
        return LightstreamSource.<RowData>builder()
                .setUris(data.uris())
                .setDeserializer(LightstreamDeserializer.rowData(Dataset.ROW_TYPE))
                .build();
    }

    private LightstreamSink<RowData> sink(String prefix) {
        return LightstreamSink.<RowData>builder()
                .setUris(dir.resolve(prefix + "-{subtask}-{attempt}.arrows").toString())
                .setSerializer(LightstreamRecordSerializer.rowData(Dataset.ROW_TYPE))
                .setBatchMaxRows(500)
                .build();
    }

    private List<RowData> written(String prefix) throws Exception {
        return ArrowTestFiles.read(Dataset.outputs(dir, prefix), Dataset.ROW_TYPE);
    }

    private static long counter(Map<String, Metric> metrics, String suffix) {
        return counter(metrics, "", suffix);
    }

    /** Sum over subtasks of a counter of the operators whose identifier contains {@code operator}. */
    private static long counter(Map<String, Metric> metrics, String operator, String suffix) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().contains(operator) && e.getKey().endsWith(suffix)
                        && e.getValue() instanceof Counter)
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    @Test
    void copiesEveryRowFromSourceToSinkWithMetrics() throws Exception {
        Dataset data = new Dataset(dir, 3, 4_000, 700);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.fromSource(source(data), WatermarkStrategy.noWatermarks(), "lightstream-source")
                .sinkTo(sink("copy")).name("lightstream-sink");
        JobID job = env.execute("copy").getJobID();

        List<RowData> out = written("copy");
        assertThat((long) out.size()).isEqualTo(data.rows);
        assertThat(Dataset.checksum(out)).isEqualTo(data.expectedChecksum());
        // Two subtasks, each its own file.
        assertThat(Dataset.outputs(dir, "copy")).hasSize(2);

        Map<String, Metric> metrics = REPORTER.getMetricsByIdentifiers(job);
        assertThat(counter(metrics, ".Source: lightstream-source.", ".numRecordsIn")).isEqualTo(data.rows);
        assertThat(counter(metrics, ".Source: lightstream-source.", ".numBytesIn")).isPositive();
        assertThat(counter(metrics, ".numRecordsSend")).isEqualTo(data.rows);
        assertThat(counter(metrics, ".numBytesSend")).isPositive();
    }

    /** Fails the job once, after a checkpoint has completed and part of the rows went through. */
    static final class FailOnceAfterCheckpoint implements MapFunction<RowData, RowData>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private long seen;
        private boolean checkpointed;

        @Override
        public RowData map(RowData row) throws Exception {
            if (++seen % 20 == 0) {
                Thread.sleep(1); // keep the job running across several checkpoints
            }
            if (checkpointed && seen > 1_000 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("planned failure");
            }
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void failoverRestoresFromTheCheckpointWithoutLosingRows() throws Exception {
        Dataset data = new Dataset(dir, 2, 6_000, 250);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(50);
        FailOnceAfterCheckpoint.FAILED.set(false);
        env.fromSource(source(data), WatermarkStrategy.noWatermarks(), "source")
                .map(new FailOnceAfterCheckpoint())
                .returns(source(data).getProducedType())
                .sinkTo(sink("failover"));
        env.execute("failover");
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();

        // At least once: every row reached the sink; rows after the last checkpoint may appear twice.
        List<RowData> out = written("failover");
        RowDataSerializer serializer = new RowDataSerializer(Dataset.ROW_TYPE);
        Set<Long> ids = new HashSet<>();
        long distinctChecksum = 0;
        for (RowData r : out) {
            if (ids.add(r.getLong(0))) {
                distinctChecksum += Dataset.hash(serializer.copy(r));
            }
        }
        assertThat((long) ids.size()).isEqualTo(data.rows);
        assertThat(distinctChecksum).isEqualTo(data.expectedChecksum());
        assertThat((long) out.size()).isGreaterThanOrEqualTo(data.rows);
        // The restarted attempt wrote files of its own.
        assertThat(Dataset.outputs(dir, "failover")).anySatisfy(p -> assertThat(p.toString()).endsWith("-1.arrows"));
    }

    /** Slows the job and counts the rows it has seen, so a savepoint can be taken mid-stream. */
    static final class Throttle implements MapFunction<RowData, RowData> {
        static final AtomicLong SEEN = new AtomicLong();

        @Override
        public RowData map(RowData row) throws Exception {
            if (SEEN.incrementAndGet() % 10 == 0) {
                Thread.sleep(1);
            }
            return row;
        }
    }

    @Test
    void stopWithSavepointAndResumeInANewJobWritesEveryRowExactlyOnce() throws Exception {
        Dataset data = new Dataset(dir, 2, 5_000, 300);
        Path savepoints = dir.resolve("savepoints");
        Throttle.SEEN.set(0);
        StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment();
        first.setParallelism(2);
        first.enableCheckpointing(100);
        first.fromSource(source(data), WatermarkStrategy.noWatermarks(), "source").uid("source")
                .map(new Throttle()).uid("throttle").returns(source(data).getProducedType())
                .sinkTo(sink("before")).uid("sink");
        JobClient running = first.executeAsync("before-savepoint");
        while (Throttle.SEEN.get() < 1_000) {
            Thread.sleep(10);
        }
        String savepoint = running.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        long beforeRows = written("before").size();
        assertThat(beforeRows).isPositive().isLessThan(data.rows);

        Configuration conf = new Configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment second = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        second.setParallelism(2);
        second.enableCheckpointing(100);
        second.fromSource(source(data), WatermarkStrategy.noWatermarks(), "source").uid("source")
                .map(new Throttle()).uid("throttle").returns(source(data).getProducedType())
                .sinkTo(sink("after")).uid("sink");
        second.execute("after-savepoint");

        List<RowData> all = written("before");
        all.addAll(written("after"));
        assertThat((long) all.size()).isEqualTo(data.rows);
        assertThat(Dataset.checksum(all)).isEqualTo(data.expectedChecksum());
    }

    @Test
    void watermarkAlignmentPausesTheSplitThatRunsAhead() throws Exception {
        // Two files in one reader: the second starts 30 s (of event time) after the first, far beyond
        // the allowed drift, so its split must be paused until the first catches up or ends.
        Dataset data = new Dataset(dir, 2, 3_000, 100);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        WatermarkStrategy<RowData> aligned = WatermarkStrategy.<RowData>forMonotonousTimestamps()
                .withTimestampAssigner((row, previous) -> row.getTimestamp(2, 6).getMillisecond())
                .withWatermarkAlignment("lightstream", Duration.ofMillis(500), Duration.ofMillis(20));
        Throttle.SEEN.set(0);
        env.fromSource(source(data), aligned, "aligned")
                .map(new Throttle()).returns(source(data).getProducedType())
                .sinkTo(sink("aligned"));
        env.execute("aligned");
        List<RowData> out = written("aligned");
        assertThat((long) out.size()).isEqualTo(data.rows);
        assertThat(Dataset.checksum(out)).isEqualTo(data.expectedChecksum());
        // Unpaused, the fetcher serves both files batch by batch, so nearly all of the second file
        // would come out before the first file ends. Paused, only what was fetched before the first
        // alignment announcement and what sat in the hand-over queues gets through.
        int lastOfFirstFile = 0;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).getLong(0) < 3_000) {
                lastOfFirstFile = i;
            }
        }
        long secondFileEarly = out.subList(0, lastOfFirstFile).stream().filter(r -> r.getLong(0) >= 3_000).count();
        assertThat(secondFileEarly).isLessThan(1_500);
    }

    /** Keeps the first row it sees without copying it, and reads it again with every later row. */
    static final class KeepsARowWithoutCopying implements MapFunction<RowData, Long> {
        private RowData first;

        @Override
        public Long map(RowData row) {
            if (first == null) {
                first = row;
            }
            return first.getLong(0) + row.getLong(0);
        }
    }

    @Test
    void aRowKeptPastItsBatchFailsTheJobInsteadOfReadingFreedMemory() throws Exception {
        Dataset data = new Dataset(dir, 1, 1_000, 100);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        // With object reuse the source's row views reach the operator as they are.
        env.getConfig().enableObjectReuse();
        env.fromSource(source(data), WatermarkStrategy.noWatermarks(), "source")
                .map(new KeepsARowWithoutCopying())
                .sinkTo(new DiscardingSink<>());
        assertThatThrownBy(() -> env.execute("keeps a row"))
                .hasStackTraceContaining(ReleasedBatchException.class.getName())
                .hasStackTraceContaining("column 'id', row ")
                // the kept row is the source's reused view: it names the row it was last moved to
                .hasStackTraceContaining(": read after its Arrow batch was released");
    }

    @Test
    void aMalformedStreamFailsTheJobWithItsCause() throws Exception {
        Dataset data = new Dataset(dir, 1, 1_000, 100);
        Path broken = data.files.get(0);
        byte[] bytes = java.nio.file.Files.readAllBytes(broken);
        // Cut the stream in the middle of a frame: the job must fail, not end early with fewer rows.
        java.nio.file.Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2 + 3));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(source(data), WatermarkStrategy.noWatermarks(), "source").sinkTo(sink("broken"));
        assertThatThrownBy(() -> env.execute("broken"))
                .hasStackTraceContaining("reading Lightstream endpoint " + broken);
    }
}
