package io.lightstream.kafka.config;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Recommends a fixed list of values and shows a key only when another key has a given value (for
 * example the Lightstream registrations only with {@code protocol=lightstream}).
 */
public final class ChoiceRecommender implements ConfigDef.Recommender {
    private final List<Object> values;
    private final String dependsOn;
    private final String requiredValue;

    /** Recommends {@code values}; always visible. */
    public ChoiceRecommender(List<?> values) {
        this(values, null, null);
    }

    /**
     * @param values recommended values, or null for none
     * @param dependsOn key whose value decides visibility, or null for always visible
     * @param requiredValue value of {@code dependsOn} (case-insensitive) under which the key is shown
     */
    public ChoiceRecommender(List<?> values, String dependsOn, String requiredValue) {
        this.values = values == null ? List.of() : List.copyOf(values);
        this.dependsOn = dependsOn;
        this.requiredValue = requiredValue;
    }

    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        return values;
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
        if (dependsOn == null) {
            return true;
        }
        Object v = parsedConfig.get(dependsOn);
        return v == null || requiredValue.equalsIgnoreCase(v.toString());
    }
}
