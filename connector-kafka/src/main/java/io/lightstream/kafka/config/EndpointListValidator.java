package io.lightstream.kafka.config;

import io.lightstream.Endpoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validates a list of endpoint URIs: at least one, each parseable by {@link Endpoint#parse}, none
 * twice (two tasks must never share one stream).
 */
public final class EndpointListValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(name, value, "at least one endpoint URI is required, e.g. tcp://host:9000");
        }
        Set<String> seen = new HashSet<>();
        for (Object o : list) {
            String uri = String.valueOf(o).trim();
            try {
                Endpoint.parse(uri);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, uri, e.getMessage());
            }
            if (!seen.add(uri)) {
                throw new ConfigException(name, uri, "the endpoint is listed twice; each endpoint is one stream");
            }
        }
    }

    @Override
    public String toString() {
        return "non-empty list of distinct endpoint URIs (tcp://host:port, uds:///path, ws://, wss://, http://, "
                + "https://, quic://, wt://, a file path or stdio:)";
    }
}
