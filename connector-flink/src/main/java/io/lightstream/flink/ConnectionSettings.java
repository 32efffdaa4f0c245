package io.lightstream.flink;

import io.lightstream.Compression;
import io.lightstream.Endpoint;
import io.lightstream.Format;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.transport.TransportOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How the connector reaches Lightstream endpoints: protocol and format, Lightstream type
 * registrations and the table to read or write, accept or connect, TLS material, timeouts,
 * compression, and the Arrow memory cap of a reader. It is the serializable form of
 * lightstream-common's {@link ReadOptions}, {@link WriteOptions} and {@link TransportOptions}, which
 * Flink ships inside sources and sinks; {@link #readOptions} and {@link #writeOptions} rebuild them
 * on the task managers.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 */
public final class ConnectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Default Arrow memory cap of one source reader (all its endpoints): 512 MiB. A reader holds up to
     * about six batches per endpoint at a time (two queued by the transport, one being decoded, two in
     * Flink's hand-over queue, one being emitted), so this fits batches of up to about 80 MiB on one
     * endpoint.
     */
    public static final long DEFAULT_MEMORY_LIMIT = 512L << 20;

    /**
     * Decoded batches the transport queues per endpoint before it stops reading the socket. Flink's
     * hand-over queue behind it holds two more, so a deeper transport queue would only hold memory.
     */
    static final int QUEUED_BATCHES = 2;

    /** One Lightstream registration: a message or table type, in tag order. */
    public static final class Registration implements Serializable {
        private static final long serialVersionUID = 1L;
        private final boolean table;
        private final String name;

        private Registration(boolean table, String name) {
            this.table = table;
            this.name = Objects.requireNonNull(name, "name");
        }

        public static Registration table(String name) {
            return new Registration(true, name);
        }

        public static Registration message(String name) {
            return new Registration(false, name);
        }

        /**
         * Parses {@code table:NAME} or {@code message:NAME}.
         *
         * @throws IllegalArgumentException naming the malformed entry
         */
        public static Registration parse(String text) {
            int colon = text.indexOf(':');
            String kind = colon < 0 ? "" : text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String name = colon < 0 ? "" : text.substring(colon + 1).trim();
            if (name.isEmpty() || !(kind.equals("table") || kind.equals("message"))) {
                throw new IllegalArgumentException("registration '" + text
                        + "' must be 'table:NAME' or 'message:NAME'");
            }
            return new Registration(kind.equals("table"), name);
        }

        public boolean isTable() {
            return table;
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return (table ? "table:" : "message:") + name;
        }
    }

    private final Protocol protocol;
    private final Format format;
    private final List<Registration> registrations;
    private final String table;
    private final boolean accept;
    private final int parallel;
    private final Duration connectTimeout;
    private final int connectRetries;
    private final Duration retryBackoff;
    private final Duration readTimeout;
    private final Duration acceptTimeout;
    private final boolean tls;
    private final String tlsCert;
    private final String tlsKey;
    private final String tlsCa;
    private final boolean tlsClientAuth;
    private final Compression compression;
    private final long memoryLimit;
    private final LinkedHashMap<String, String> properties;

    private ConnectionSettings(Builder b) {
        this.protocol = b.protocol;
        this.format = b.format;
        this.registrations = List.copyOf(b.registrations);
        this.table = b.table;
        this.accept = b.accept;
        this.parallel = b.parallel;
        this.connectTimeout = b.connectTimeout;
        this.connectRetries = b.connectRetries;
        this.retryBackoff = b.retryBackoff;
        this.readTimeout = b.readTimeout;
        this.acceptTimeout = b.acceptTimeout;
        this.tls = b.tls;
        this.tlsCert = b.tlsCert;
        this.tlsKey = b.tlsKey;
        this.tlsCa = b.tlsCa;
        this.tlsClientAuth = b.tlsClientAuth;
        this.compression = b.compression;
        this.memoryLimit = b.memoryLimit;
        this.properties = new LinkedHashMap<>(b.properties);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Explicit protocol, or null for the default of the URI (by file extension, else Arrow). */
    public Protocol protocol() {
        return protocol;
    }

    /** Explicit file format, or null to choose by extension. */
    public Format format() {
        return format;
    }

    /** Lightstream type registrations in tag order; empty for the Arrow protocol. */
    public List<Registration> registrations() {
        return registrations;
    }

    /** The Lightstream table read or written, or null (Arrow protocol, or the only registered table). */
    public String table() {
        return table;
    }

    public boolean accept() {
        return accept;
    }

    /** Whether {@code tcp://} endpoints run inside TLS. */
    public boolean tls() {
        return tls;
    }

    public Compression compression() {
        return compression;
    }

    /** Arrow memory cap of one source reader, in bytes. */
    public long memoryLimit() {
        return memoryLimit;
    }

    /**
     * Whether the stream behind {@code uri} can be read again from its start: true for files, which
     * lets a restored reader skip to its checkpointed position; false for pipes and network peers,
     * which start a new stream on every connection.
     */
    public static boolean isReplayable(String uri) {
        return Endpoint.parse(uri).scheme() == Endpoint.Scheme.FILE;
    }

    /** Whether {@code uri} speaks the Lightstream protocol under these settings. */
    public boolean isLightstreamProtocol(String uri) {
        if (protocol != null) {
            return protocol == Protocol.LIGHTSTREAM;
        }
        if (format != null) {
            return format == Format.LIGHTSTREAM;
        }
        Endpoint endpoint = Endpoint.parse(uri);
        return endpoint.scheme() == Endpoint.Scheme.FILE
                && Format.fromFileName(endpoint.path()).orElse(null) == Format.LIGHTSTREAM;
    }

    /**
     * The table of a Lightstream stream to read or write: the configured one, else the only
     * registered table, else null (discovery: every table of the stream).
     */
    public String effectiveTable() {
        if (table != null) {
            return table;
        }
        List<Registration> tables = new ArrayList<>();
        registrations.stream().filter(Registration::isTable).forEach(tables::add);
        return tables.size() == 1 ? tables.get(0).name() : null;
    }

    /** The transport settings. */
    public TransportOptions transportOptions() {
        TransportOptions.Builder t = TransportOptions.builder()
                .maxQueuedBatches(QUEUED_BATCHES)
                .accept(accept)
                .parallel(parallel)
                .connectTimeout(connectTimeout)
                .connectRetries(connectRetries)
                .retryBackoff(retryBackoff)
                .readTimeout(readTimeout)
                .acceptTimeout(acceptTimeout)
                .tls(tls)
                .tlsClientAuth(tlsClientAuth);
        if (tlsCert != null) {
            t.tlsCert(Path.of(tlsCert));
        }
        if (tlsKey != null) {
            t.tlsKey(Path.of(tlsKey));
        }
        if (tlsCa != null) {
            t.tlsCa(Path.of(tlsCa));
        }
        return t.build();
    }

    /**
     * Read options allocating from {@code allocator} (a reader takes a child of it, capped at {@link
     * #memoryLimit()}), decoding only {@code columns} where the format can skip columns (null = all).
     */
    public ReadOptions readOptions(BufferAllocator allocator, List<String> columns) {
        ReadOptions.Builder b = ReadOptions.builder()
                .protocol(protocol)
                .format(format)
                .allocator(allocator)
                .memoryLimit(memoryLimit)
                .transport(transportOptions())
                .columns(columns);
        boolean tableRegistered = false;
        for (Registration r : registrations) {
            if (r.isTable()) {
                b.registerTable(r.name());
                tableRegistered |= r.name().equals(table);
            } else {
                b.registerMessage(r.name());
            }
        }
        if (table != null && !tableRegistered) {
            // Registered last, as the writer side registers it (see writeOptions): the protocol has
            // no handshake, so without this the reader would only know tags, never this table's name,
            // and would pass over every batch of it.
            b.registerTable(table);
        }
        properties.forEach(b::property);
        return b.build();
    }

    /**
     * Write options for batches of {@code schema}. On the Lightstream protocol the written table is
     * registered with that schema, in its place among the other registrations (or as the only one).
     */
    public WriteOptions writeOptions(String uri, Schema schema) {
        WriteOptions.Builder b = WriteOptions.builder()
                .protocol(protocol)
                .format(format)
                .compression(compression)
                .transport(transportOptions());
        if (isLightstreamProtocol(uri)) {
            String written = effectiveTable();
            if (written == null) {
                throw new IllegalArgumentException("writing the Lightstream protocol to " + uri
                        + " needs a table name (option 'table')");
            }
            boolean registered = false;
            for (Registration r : registrations) {
                if (r.isTable()) {
                    b.registerTable(r.name(), r.name().equals(written) ? schema : null);
                    registered |= r.name().equals(written);
                } else {
                    b.registerMessage(r.name());
                }
            }
            if (!registered) {
                b.registerTable(written, schema);
            }
        }
        properties.forEach(b::property);
        return b.build();
    }

    @Override
    public String toString() {
        return "ConnectionSettings{protocol=" + protocol + ", format=" + format + ", registrations=" + registrations
                + ", table=" + table + ", accept=" + accept + ", parallel=" + parallel + ", tls="
                + (tls || tlsCert != null || tlsCa != null) + ", compression=" + compression + "}";
    }

    /** Builder of {@link ConnectionSettings}. Not thread-safe. */
    public static final class Builder {
        private Protocol protocol;
        private Format format;
        private final List<Registration> registrations = new ArrayList<>();
        private String table;
        private boolean accept;
        private int parallel = 1;
        private Duration connectTimeout = TransportOptions.DEFAULT.connectTimeout();
        private int connectRetries = TransportOptions.DEFAULT.connectRetries();
        private Duration retryBackoff = TransportOptions.DEFAULT.retryBackoff();
        private Duration readTimeout = TransportOptions.DEFAULT.readTimeout();
        private Duration acceptTimeout = TransportOptions.DEFAULT.acceptTimeout();
        private boolean tls;
        private String tlsCert;
        private String tlsKey;
        private String tlsCa;
        private boolean tlsClientAuth;
        private Compression compression = Compression.NONE;
        private long memoryLimit = DEFAULT_MEMORY_LIMIT;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {}

        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder format(Format format) {
            this.format = format;
            return this;
        }

        /** Appends a Lightstream registration (order gives the tags, as on the peer). */
        public Builder register(Registration registration) {
            registrations.add(Objects.requireNonNull(registration, "registration"));
            return this;
        }

        public Builder table(String table) {
            this.table = table;
            return this;
        }

        public Builder accept(boolean accept) {
            this.accept = accept;
            return this;
        }

        public Builder parallel(int parallel) {
            if (parallel < 1) {
                throw new IllegalArgumentException("parallel must be >= 1, got " + parallel);
            }
            this.parallel = parallel;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d, "connectTimeout");
            return this;
        }

        public Builder connectRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("connectRetries must be >= 0, got " + retries);
            }
            this.connectRetries = retries;
            return this;
        }

        public Builder retryBackoff(Duration d) {
            this.retryBackoff = Objects.requireNonNull(d, "retryBackoff");
            return this;
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = Objects.requireNonNull(d, "readTimeout");
            return this;
        }

        public Builder acceptTimeout(Duration d) {
            this.acceptTimeout = Objects.requireNonNull(d, "acceptTimeout");
            return this;
        }

        /**
         * Runs {@code tcp://} endpoints inside TLS ({@code wss}, {@code https} and {@code quic} always
         * use TLS). The accepting side needs {@link #tlsCert} and {@link #tlsKey}; the connecting side
         * verifies the peer against {@link #tlsCa}, or the JVM's trust store when none is given.
         */
        public Builder tls(boolean enabled) {
            this.tls = enabled;
            return this;
        }

        /** PEM certificate chain of this side. */
        public Builder tlsCert(String path) {
            this.tlsCert = path;
            return this;
        }

        /** PEM private key of {@link #tlsCert}. */
        public Builder tlsKey(String path) {
            this.tlsKey = path;
            return this;
        }

        /** PEM CA bundle to verify the peer. */
        public Builder tlsCa(String path) {
            this.tlsCa = path;
            return this;
        }

        public Builder tlsClientAuth(boolean required) {
            this.tlsClientAuth = required;
            return this;
        }

        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        public Builder memoryLimit(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("memoryLimit must be positive, got " + bytes);
            }
            this.memoryLimit = bytes;
            return this;
        }

        /** A format- or transport-specific property passed through to lightstream-common. */
        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public ConnectionSettings build() {
            // Validate eagerly: the transport options reject bad values with a clear message.
            ConnectionSettings settings = new ConnectionSettings(this);
            settings.transportOptions();
            if (table != null && registrations.stream().anyMatch(Registration::isTable)
                    && registrations.stream().noneMatch(r -> r.isTable() && r.name().equals(table))) {
                throw new IllegalArgumentException("table '" + table + "' is not among the registrations "
                        + registrations);
            }
            return settings;
        }
    }
}
