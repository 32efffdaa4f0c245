package io.lightstream.kafka.source;

import io.lightstream.Endpoint;
import io.lightstream.kafka.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;

/**
 * Kafka Connect source of Arrow tables from Lightstream endpoints.
 *
 * <pre>
 * connector.class=io.lightstream.kafka.source.LightstreamSourceConnector
 * endpoints=tcp://producer-1:9000,tcp://producer-2:9000
 * topic=orders
 * record.mode=row
 * </pre>
 *
 * <p>Endpoints are spread over at most {@code tasks.max} tasks. Exactly-once delivery is offered
 * only when every endpoint is a file, the one kind of source that can be read again from a committed
 * position; network senders cannot replay yet. Each Arrow batch can be its own transaction
 * ({@code transaction.boundary=connector}).
 */
public class LightstreamSourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new LightstreamSourceConfig(props); // fails fast on a bad configuration
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return LightstreamSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<String> endpoints = new LightstreamSourceConfig(props).getList(LightstreamSourceConfig.ENDPOINTS);
        List<List<String>> groups = ConnectorUtils.groupPartitions(endpoints, Math.min(maxTasks, endpoints.size()));
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> group : groups) {
            Map<String, String> task = new HashMap<>(props);
            task.put(LightstreamSourceConfig.TASK_ENDPOINTS, String.join(",", group));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return LightstreamSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = config.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        LightstreamSourceConfig.validate(connectorConfigs, values);
        return config;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        String endpoints = connectorConfig.get(LightstreamSourceConfig.ENDPOINTS);
        if (endpoints == null || endpoints.isBlank()) {
            return ExactlyOnceSupport.UNSUPPORTED;
        }
        for (String uri : endpoints.split(",")) {
            try {
                if (Endpoint.parse(uri.trim()).scheme() != Endpoint.Scheme.FILE) {
                    return ExactlyOnceSupport.UNSUPPORTED;
                }
            } catch (IllegalArgumentException e) {
                return ExactlyOnceSupport.UNSUPPORTED;
            }
        }
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            try {
                SourceOffsets.check(e.getKey(), e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new ConnectException(ex.getMessage());
            }
        }
        return true;
    }
}
