package io.lightstream.format;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Typed access to the format-specific properties of {@link io.lightstream.ReadOptions#properties()}
 * and {@link io.lightstream.WriteOptions#properties()}.
 *
 * <p>A value that does not parse is a configuration error, raised as {@link
 * IllegalArgumentException} naming the key, the value and what was expected, so that a typo in a
 * CLI flag or a connector option never silently falls back to a default. Immutable.
 */
public final class FormatProperties {
    private final Map<String, String> values;
    private final String format;

    /**
     * @param values the properties (not copied; the options classes already hold immutable maps)
     * @param format format name used in error messages, e.g. {@code "csv"}
     */
    public FormatProperties(Map<String, String> values, String format) {
        this.values = Objects.requireNonNull(values, "values");
        this.format = format;
    }

    /** Whether the key is set. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw value, or {@code defaultValue}. */
    public String string(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    /** A single character, or one of the spellings {@code \t}, {@code tab}, {@code \n}, {@code \}{@code uXXXX}. */
    public char character(String key, char defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        switch (v) {
            case "\\t", "tab", "TAB":
                return '\t';
            case "\\n":
                return '\n';
            default:
                break;
        }
        if (v.length() == 1) {
            return v.charAt(0);
        }
        if (v.length() == 6 && v.startsWith("\\u")) {
            try {
                return (char) Integer.parseInt(v.substring(2), 16);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw invalid(key, v, "a single character (or \\t, tab, \\uXXXX)");
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on":
                return true;
            case "false", "no", "0", "off":
                return false;
            default:
                throw invalid(key, v, "true or false");
        }
    }

    /** A positive int. */
    public int positiveInt(String key, int defaultValue) {
        long v = positiveLong(key, defaultValue);
        if (v > Integer.MAX_VALUE) {
            throw invalid(key, values.get(key), "a positive number up to " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** A positive long; accepts the suffixes k, m, g (powers of 1024) for sizes. */
    public long positiveLong(String key, long defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("kib") || t.endsWith("kb") || t.endsWith("k")) {
            mult = 1L << 10;
        } else if (t.endsWith("mib") || t.endsWith("mb") || t.endsWith("m")) {
            mult = 1L << 20;
        } else if (t.endsWith("gib") || t.endsWith("gb") || t.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.replaceAll("[a-z]+$", "");
        }
        try {
            long n = Math.multiplyExact(Long.parseLong(t.trim()), mult);
            if (n <= 0) {
                throw invalid(key, v, "a positive number");
            }
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(key, v, "a positive number (optionally with k, m or g)");
        }
    }

    /** An enum constant by case-insensitive name, {@code -} read as {@code _}. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        String n = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(n)) {
                return e;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (expected.length() > 0) {
                expected.append(", ");
            }
            expected.append(e.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(key, v, "one of " + expected);
    }

    private IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(
                format + " option '" + key + "' has value '" + value + "'; expected " + expected);
    }
}
