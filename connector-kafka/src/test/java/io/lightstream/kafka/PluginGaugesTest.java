package io.lightstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

/** Tests for {@link PluginGauges}. */
class PluginGaugesTest {

    private static Object value(Metrics metrics, String name) {
        return metrics.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst()
                .map(e -> e.getValue().metricValue()).orElse(null);
    }

    @Test
    void publishesGaugesAndRemovesThemOnClose() throws Exception {
        try (Metrics metrics = new Metrics();
                PluginMetricsImpl plugin = new PluginMetricsImpl(metrics, Map.of("connector", "c", "task", "0"))) {
            PluginGauges gauges = new PluginGauges(plugin);
            gauges.add("rows-total", "rows", () -> 42L);
            assertThat(value(metrics, "rows-total")).isEqualTo(42L);
            gauges.close();
            assertThat(value(metrics, "rows-total")).isNull();
        }
    }

    @Test
    void aSuccessorTakesOverTheNamesOfAnInstanceStillStopping() throws Exception {
        try (Metrics metrics = new Metrics();
                PluginMetricsImpl old = new PluginMetricsImpl(metrics, Map.of("connector", "c", "task", "0"));
                PluginMetricsImpl next = new PluginMetricsImpl(metrics, Map.of("connector", "c", "task", "0"))) {
            new PluginGauges(old).add("rows-total", "rows", () -> 1L);
            PluginGauges successor = new PluginGauges(next);
            successor.add("rows-total", "rows", () -> 2L);
            successor.add("bytes-total", "bytes", () -> 3L);
            assertThat(metrics.metrics().entrySet()).filteredOn(e -> e.getKey().name().equals("rows-total"))
                    .extracting(e -> e.getKey().tags().containsKey("instance") + "=" + e.getValue().metricValue())
                    .containsExactlyInAnyOrder("false=1", "true=2");
            assertThat(metrics.metrics().keySet()).filteredOn(k -> k.name().equals("bytes-total"))
                    .singleElement().satisfies(k -> assertThat(k.tags()).containsKey("instance"));
            successor.close();
            assertThat(value(metrics, "rows-total")).as("the earlier instance's gauge stays").isEqualTo(1L);
        }
    }

    @Test
    void withoutPluginMetricsNothingIsPublished() {
        PluginGauges gauges = new PluginGauges(null);
        gauges.add("rows-total", "rows", () -> 1L);
        gauges.close();
    }
}
