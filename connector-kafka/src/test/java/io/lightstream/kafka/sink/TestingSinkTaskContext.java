package io.lightstream.kafka.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** A sink task context recording timeouts and errant records, over a real metrics registry. */
final class TestingSinkTaskContext implements SinkTaskContext, AutoCloseable {
    /** One reported record and its error. */
    record Reported(SinkRecord record, Throwable error) {}

    final Metrics metrics = new Metrics();
    final List<Reported> reported = new ArrayList<>();
    final List<Long> timeouts = new ArrayList<>();
    private final PluginMetricsImpl pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "test", "task", "0"));
    private final Map<String, String> configs;
    private final boolean withReporter;

    TestingSinkTaskContext(Map<String, String> configs, boolean withReporter) {
        this.configs = configs;
        this.withReporter = withReporter;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        throw new UnsupportedOperationException("the sink task does not rewind");
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        throw new UnsupportedOperationException("the sink task does not rewind");
    }

    @Override
    public void timeout(long timeoutMs) {
        timeouts.add(timeoutMs);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withReporter) {
            return null;
        }
        return (SinkRecord record, Throwable error) -> {
            reported.add(new Reported(record, error));
            Future<Void> done = CompletableFuture.completedFuture(null);
            return done;
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    /** The current value of one of the task's metrics. */
    Object metric(String name) {
        return metrics.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst()
                .map(e -> e.getValue().metricValue()).orElse(null);
    }

    @Override
    public void close() throws Exception {
        pluginMetrics.close();
        metrics.close();
    }
}
