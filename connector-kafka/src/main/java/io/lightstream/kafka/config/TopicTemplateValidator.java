package io.lightstream.kafka.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validates a topic name that may contain the {@code ${table}} placeholder (replaced by the
 * Lightstream table or message name): after substitution it must be a legal Kafka topic name.
 */
public final class TopicTemplateValidator implements ConfigDef.Validator {
    public static final String TABLE_PLACEHOLDER = "${table}";

    @Override
    public void ensureValid(String name, Object value) {
        String template = value == null ? "" : value.toString().trim();
        if (template.isEmpty()) {
            throw new ConfigException(name, value, "a topic name is required");
        }
        String sample = template.replace(TABLE_PLACEHOLDER, "t");
        if (sample.length() > 249 || !sample.matches("[a-zA-Z0-9._-]+") || sample.equals(".") || sample.equals("..")) {
            throw new ConfigException(name, value, "topic names use only letters, digits, '.', '_' and '-' (at most 249),"
                    + " with " + TABLE_PLACEHOLDER + " standing for the table name");
        }
    }

    @Override
    public String toString() {
        return "Kafka topic name, optionally containing " + TABLE_PLACEHOLDER;
    }
}
