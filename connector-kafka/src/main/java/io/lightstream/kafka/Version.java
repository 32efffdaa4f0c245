package io.lightstream.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The plugin version, written into {@code version.properties} by the build. Reported by every
 * connector, task and converter {@code version()} method and in the worker's plugin list.
 */
public final class Version {
    private static final String VERSION = load();

    private Version() {}

    /** The Maven project version this plugin was built as, e.g. {@code 0.1.0}. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/lightstream/kafka/version.properties is missing from the plugin jar");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            if (v == null || v.isBlank() || v.startsWith("${")) {
                throw new IllegalStateException("io/lightstream/kafka/version.properties was not filtered by the build");
            }
            return v.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
