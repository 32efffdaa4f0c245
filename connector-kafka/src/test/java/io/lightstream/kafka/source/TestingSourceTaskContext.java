package io.lightstream.kafka.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A source task context over an in-memory offset store and a real metrics registry. */
final class TestingSourceTaskContext implements SourceTaskContext, AutoCloseable {
    final Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
    final Metrics metrics = new Metrics();
    private final PluginMetricsImpl pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "test", "task", "0"));
    private final Map<String, String> configs;

    TestingSourceTaskContext(Map<String, String> configs) {
        this.configs = configs;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return offsets.get((Map<String, Object>) partition);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                for (Map<String, T> p : partitions) {
                    out.put(p, offsets.get((Map<String, Object>) p));
                }
                return out;
            }
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
