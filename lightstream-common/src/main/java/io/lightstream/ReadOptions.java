package io.lightstream;

import io.lightstream.codec.DecodeLimits;
import io.lightstream.protocol.TypeRegistry;
import io.lightstream.transport.TransportOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How {@link Lightstream#read(String, ReadOptions)} reads: format or protocol (otherwise chosen by
 * URI and extension), the Arrow allocator and memory cap, decode limits, Lightstream type
 * registrations, transport settings and format-specific properties.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 */
public final class ReadOptions {
    /** All defaults: format by extension, Arrow protocol on pipes, own allocator, {@link DecodeLimits#DEFAULT}. */
    public static final ReadOptions DEFAULT = builder().build();

    private final Format format;
    private final Protocol protocol;
    private final BufferAllocator allocator;
    private final long memoryLimit;
    private final DecodeLimits limits;
    private final List<TypeRegistry.Entry> registrations;
    private final TransportOptions transport;
    private final Boolean mmap;
    private final int batchSize;
    private final boolean validateFull;
    private final Schema schema;
    private final List<String> columns;
    private final Map<String, String> properties;

    private ReadOptions(Builder b) {
        this.format = b.format;
        this.protocol = b.protocol;
        this.allocator = b.allocator;
        this.memoryLimit = b.memoryLimit;
        this.limits = b.limits;
        this.registrations = List.copyOf(b.registrations);
        this.transport = b.transport;
        this.mmap = b.mmap;
        this.batchSize = b.batchSize;
        this.validateFull = b.validateFull;
        this.schema = b.schema;
        this.columns = b.columns == null ? null : List.copyOf(b.columns);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.format = format;
        b.protocol = protocol;
        b.allocator = allocator;
        b.memoryLimit = memoryLimit;
        b.limits = limits;
        b.registrations.addAll(registrations);
        b.transport = transport;
        b.mmap = mmap;
        b.batchSize = batchSize;
        b.validateFull = validateFull;
        b.schema = schema;
        b.columns = columns == null ? null : new ArrayList<>(columns);
        b.properties.putAll(properties);
        return b;
    }

    /** Explicit format, or null to choose by URI and extension. */
    public Format format() {
        return format;
    }

    /** Explicit protocol for pipes and network URIs, or null for the default ({@link Protocol#ARROW}). */
    public Protocol protocol() {
        return protocol;
    }

    /**
     * Parent allocator, or null for a reader-owned root allocator. The reader allocates from a child
     * of it capped at {@link #memoryLimit()}; batches handed out must be closed before the reader.
     */
    public BufferAllocator allocator() {
        return allocator;
    }

    /** Cap on Arrow memory held by the reader and the batches it handed out. */
    public long memoryLimit() {
        return memoryLimit;
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** Lightstream protocol registrations, in tag order. */
    public List<TypeRegistry.Entry> registrations() {
        return registrations;
    }

    public TransportOptions transport() {
        return transport;
    }

    /** Memory-map IPC files: true, false, or null to decide by file size. */
    public Boolean mmap() {
        return mmap;
    }

    /** Rows per batch for formats that choose their own batching (CSV, JSON, Parquet). */
    public int batchSize() {
        return batchSize;
    }

    /** Run Arrow's full validation (offsets, UTF-8) on every decoded batch, not only the structural checks. */
    public boolean validateFull() {
        return validateFull;
    }

    /** Declared schema for formats that need or accept one (CSV, JSON), or null. */
    public Schema schema() {
        return schema;
    }

    /** Columns to read (projection), or null for all. */
    public List<String> columns() {
        return columns;
    }

    /** Format- and transport-specific settings (for example {@code delimiter}, {@code header}). */
    public Map<String, String> properties() {
        return properties;
    }

    /** A property or its default. */
    public String property(String key, String defaultValue) {
        return properties.getOrDefault(key, defaultValue);
    }

    /** Builder of {@link ReadOptions}. Not thread-safe. */
    public static final class Builder {
        private Format format;
        private Protocol protocol;
        private BufferAllocator allocator;
        private long memoryLimit = Long.MAX_VALUE;
        private DecodeLimits limits = DecodeLimits.DEFAULT;
        private final List<TypeRegistry.Entry> registrations = new ArrayList<>();
        private TransportOptions transport = TransportOptions.DEFAULT;
        private Boolean mmap;
        private int batchSize = 65_536;
        private boolean validateFull;
        private Schema schema;
        private List<String> columns;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {}

        public Builder format(Format format) {
            this.format = format;
            return this;
        }

        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder allocator(BufferAllocator allocator) {
            this.allocator = allocator;
            return this;
        }

        public Builder memoryLimit(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("memoryLimit must be positive, got " + bytes);
            }
            this.memoryLimit = bytes;
            return this;
        }

        public Builder limits(DecodeLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Registers a Lightstream message type at the next tag. */
        public Builder registerMessage(String name) {
            registrations.add(new TypeRegistry.Entry(registrations.size(), name, TypeRegistry.Kind.MESSAGE, null));
            return this;
        }

        /** Registers a Lightstream table type at the next tag. */
        public Builder registerTable(String name) {
            registrations.add(new TypeRegistry.Entry(registrations.size(), name, TypeRegistry.Kind.TABLE, null));
            return this;
        }

        public Builder transport(TransportOptions transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder mmap(Boolean mmap) {
            this.mmap = mmap;
            return this;
        }

        public Builder batchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + rows);
            }
            this.batchSize = rows;
            return this;
        }

        public Builder validateFull(boolean validateFull) {
            this.validateFull = validateFull;
            return this;
        }

        public Builder schema(Schema schema) {
            this.schema = schema;
            return this;
        }

        public Builder columns(List<String> columns) {
            this.columns = columns == null ? null : new ArrayList<>(columns);
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public ReadOptions build() {
            return new ReadOptions(this);
        }
    }
}
