package io.lightstream.flink.source;

import io.lightstream.Endpoint;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.ArrowTypeMapping;
import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Builds a {@link LightstreamSource}. Required: at least one URI and a deserializer. Defaults:
 * bounded (read every stream to its end), connection settings of {@link
 * ConnectionSettings#builder()}.
 *
 * <pre>{@code
 * LightstreamSource<Row> source = LightstreamSource.<Row>builder()
 *         .setUris("quic://feed:4433")
 *         .setConnectionSettings(ConnectionSettings.builder().tlsCa("/etc/ls/ca.pem").build())
 *         .setDeserializer(LightstreamDeserializer.row(rowType))
 *         .setBounded(false)
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class LightstreamSourceBuilder<T> {
    private final List<String> uris = new ArrayList<>();
    private ConnectionSettings settings = ConnectionSettings.builder().build();
    private LightstreamDeserializer<T> deserializer;
    private Boundedness boundedness = Boundedness.BOUNDED;

    LightstreamSourceBuilder() {}

    /** The endpoints to read, one split each (replaces earlier URIs). */
    public LightstreamSourceBuilder<T> setUris(String... uris) {
        return setUris(Arrays.asList(uris));
    }

    /** The endpoints to read, one split each (replaces earlier URIs). */
    public LightstreamSourceBuilder<T> setUris(List<String> uris) {
        this.uris.clear();
        this.uris.addAll(uris);
        return this;
    }

    /** Protocol, table, registrations, accept/connect, TLS, timeouts and memory cap. */
    public LightstreamSourceBuilder<T> setConnectionSettings(ConnectionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /** What to emit per row: {@link LightstreamDeserializer#rowData}, {@code row} or {@code pojo}. */
    public LightstreamSourceBuilder<T> setDeserializer(LightstreamDeserializer<T> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        return this;
    }

    /** Bounded (end when every stream ended) or unbounded (keep running). */
    public LightstreamSourceBuilder<T> setBounded(boolean bounded) {
        this.boundedness = bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
        return this;
    }

    /**
     * Builds the source after checking the configuration: URIs present, parseable and distinct, a
     * deserializer set, and every declared column of a type the connector can read.
     *
     * @throws IllegalArgumentException naming the bad URI or missing setting
     * @throws io.lightstream.flink.arrow.UnsupportedTypeException a column type cannot be read
     */
    public LightstreamSource<T> build() {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("a Lightstream source needs at least one endpoint URI");
        }
        Set<String> seen = new HashSet<>();
        for (String uri : uris) {
            Endpoint.parse(uri);
            if (!seen.add(uri)) {
                throw new IllegalArgumentException("endpoint " + uri + " is listed twice");
            }
        }
        if (deserializer == null) {
            throw new IllegalArgumentException("a Lightstream source needs a deserializer");
        }
        List<String> names = deserializer.rowType().getFieldNames();
        List<LogicalType> types = deserializer.rowType().getChildren();
        for (int i = 0; i < names.size(); i++) {
            // Every readable type is writable: this rejects, at build time, types with no Arrow form.
            ArrowTypeMapping.toArrowField(names.get(i), types.get(i));
        }
        return new LightstreamSource<>(uris, settings, deserializer, boundedness);
    }
}
