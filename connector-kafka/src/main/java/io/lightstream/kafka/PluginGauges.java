package io.lightstream.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-valued gauges a task publishes through {@code context.pluginMetrics()}, removed again by
 * {@link #close()}.
 *
 * <p>A worker abandons a task that does not stop within {@code task.shutdown.graceful.timeout.ms}
 * and may start its successor while the old instance is still winding down and holding the same
 * metric names. Rather than failing to start, the successor then publishes its gauges with an extra
 * tag {@code instance} (its start time in milliseconds), a separate JMX object until it restarts.
 *
 * <p>Register on one thread; gauges are read by the metrics reporters on theirs.
 */
public final class PluginGauges implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginGauges.class);

    private final PluginMetrics plugin;
    private final List<MetricName> names = new ArrayList<>();
    private final LinkedHashMap<String, String> instanceTags = new LinkedHashMap<>();
    private final long startMillis = System.currentTimeMillis();

    /** @param plugin the task's plugin metrics; null publishes nothing (a worker without them) */
    public PluginGauges(PluginMetrics plugin) {
        this.plugin = plugin;
    }

    /** Publishes {@code value} as the gauge {@code name}. */
    public void add(String name, String description, LongSupplier value) {
        if (plugin == null) {
            return;
        }
        Gauge<Long> gauge = (config, now) -> value.getAsLong();
        MetricName n = plugin.metricName(name, description, instanceTags);
        try {
            plugin.addMetric(n, gauge);
        } catch (IllegalArgumentException e) {
            if (!instanceTags.isEmpty()) {
                throw e;
            }
            instanceTags.put("instance", Long.toString(startMillis));
            LOG.warn("The metrics of this task are still held by an earlier instance that is stopping; publishing"
                    + " them with the tag instance={}", startMillis);
            n = plugin.metricName(name, description, instanceTags);
            plugin.addMetric(n, gauge);
        }
        names.add(n);
    }

    /** Removes the gauges. Idempotent. */
    @Override
    public void close() {
        if (plugin != null) {
            names.forEach(plugin::removeMetric);
        }
        names.clear();
    }
}
