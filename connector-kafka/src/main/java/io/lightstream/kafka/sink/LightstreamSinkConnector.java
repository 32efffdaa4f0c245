package io.lightstream.kafka.sink;

import io.lightstream.kafka.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink of topics to Lightstream endpoints, as Arrow tables.
 *
 * <pre>
 * connector.class=io.lightstream.kafka.sink.LightstreamSinkConnector
 * topics=orders
 * endpoints=tcp://consumer-1:9000
 * </pre>
 *
 * <p>Every task gets the same configuration plus its index: the consumer group spreads the
 * topic-partitions over the tasks, and task i writes to endpoint i modulo the number of endpoints.
 * Offsets live in the consumer group only, so altering or resetting them needs nothing from the
 * connector beyond checking them.
 */
public class LightstreamSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new LightstreamSinkConfig(props); // fails fast on a bad configuration
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return LightstreamSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(LightstreamSinkConfig.TASK_INDEX, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return LightstreamSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = config.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        LightstreamSinkConfig.validate(connectorConfigs, values);
        return config;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            if (e.getValue() != null && e.getValue() < 0) {
                throw new ConnectException("the offset of " + e.getKey() + " must be at least 0 (or null to reset it), got "
                        + e.getValue());
            }
        }
        return true;
    }
}
