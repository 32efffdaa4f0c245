package io.lightstream.kafka.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validates a Lightstream type registration list: {@code table:NAME} or {@code message:NAME}
 * entries in tag order (the first entry is tag 0), at most 256, names unique.
 */
public final class RegistrationListValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        List<?> list = (List<?>) value;
        if (list.size() > 256) {
            throw new ConfigException(name, value, "a Lightstream connection holds at most 256 types, got " + list.size());
        }
        Set<String> names = new HashSet<>();
        for (Object o : list) {
            String entry = String.valueOf(o).trim();
            int colon = entry.indexOf(':');
            String kind = colon < 0 ? "" : entry.substring(0, colon);
            String type = colon < 0 ? "" : entry.substring(colon + 1).trim();
            if (!kind.equals("table") && !kind.equals("message") || type.isEmpty()) {
                throw new ConfigException(name, entry, "expected table:NAME or message:NAME");
            }
            if (!names.add(type)) {
                throw new ConfigException(name, entry, "the type name '" + type + "' is registered twice");
            }
        }
    }

    @Override
    public String toString() {
        return "list of table:NAME and message:NAME entries in tag order";
    }
}
