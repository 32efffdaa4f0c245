package io.lightstream.bench.flink;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One MiniCluster for a benchmark trial, and the jobs run on it: one task manager, jobs at
 * parallelism 1 with object reuse on (so a rate is per subtask, and no operator copies rows).
 */
final class BenchCluster implements AutoCloseable {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private final MiniCluster cluster;

    BenchCluster() throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64mb"));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
        cluster.start();
    }

    /** An environment for one job at parallelism 1, with object reuse. */
    static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        return env;
    }

    /** Submits the job built in {@code env}. */
    JobID submit(StreamExecutionEnvironment env) throws Exception {
        return cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
    }

    /** Waits for the job to end and fails if it did not succeed. */
    void awaitSuccess(JobID job) throws Exception {
        JobResult result = cluster.requestJobResult(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!result.isSuccess()) {
            throw new IllegalStateException("benchmark job failed",
                    result.getSerializedThrowable().map(t -> t.deserializeError(getClass().getClassLoader()))
                            .orElse(null));
        }
    }

    /** Whether the job has already ended (for example failed while the benchmark waits). */
    boolean isDone(JobID job) {
        return cluster.requestJobResult(job).isDone();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
