package io.lightstream;

import io.lightstream.codec.Alignment;
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
 * How {@link Lightstream#write(String, org.apache.arrow.vector.types.pojo.Schema, WriteOptions)}
 * writes: format or protocol, frame alignment, body compression, Lightstream type registrations,
 * transport settings and format-specific properties.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 */
public final class WriteOptions {
    /** All defaults: format by extension, Arrow protocol on pipes, 64-byte alignment, no compression. */
    public static final WriteOptions DEFAULT = builder().build();

    private final Format format;
    private final Protocol protocol;
    private final Alignment alignment;
    private final Compression compression;
    private final int compressionLevel;
    private final BufferAllocator allocator;
    private final List<TypeRegistry.Entry> registrations;
    private final TransportOptions transport;
    private final long rowsPerFile;
    private final org.apache.arrow.vector.dictionary.DictionaryProvider dictionaries;
    private final Map<String, String> properties;

    private WriteOptions(Builder b) {
        this.format = b.format;
        this.protocol = b.protocol;
        this.alignment = b.alignment;
        this.compression = b.compression;
        this.compressionLevel = b.compressionLevel;
        this.allocator = b.allocator;
        this.registrations = List.copyOf(b.registrations);
        this.transport = b.transport;
        this.rowsPerFile = b.rowsPerFile;
        this.dictionaries = b.dictionaries;
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
        b.alignment = alignment;
        b.compression = compression;
        b.compressionLevel = compressionLevel;
        b.allocator = allocator;
        b.registrations.addAll(registrations);
        b.transport = transport;
        b.rowsPerFile = rowsPerFile;
        b.dictionaries = dictionaries;
        b.properties.putAll(properties);
        return b;
    }

    public Format format() {
        return format;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** IPC frame alignment: {@link Alignment#A64} (default, required by reference readers) or {@link Alignment#A8}. */
    public Alignment alignment() {
        return alignment;
    }

    public Compression compression() {
        return compression;
    }

    /** Codec level; 0 means the codec's default (zstd: 1, as the reference library writes). */
    public int compressionLevel() {
        return compressionLevel;
    }

    /** Allocator for scratch memory (compression), or null for a writer-owned one. */
    public BufferAllocator allocator() {
        return allocator;
    }

    /** Lightstream protocol registrations, in tag order. */
    public List<TypeRegistry.Entry> registrations() {
        return registrations;
    }

    public TransportOptions transport() {
        return transport;
    }

    /** For directory datasets: rows per file before a new chunk file starts; 0 = one file. */
    public long rowsPerFile() {
        return rowsPerFile;
    }

    /**
     * Dictionaries used when a write names none, and for the schema message of a stream or file to
     * which no batch is written (a schema with dictionary-encoded columns names their value types,
     * which only the dictionaries know). May be null.
     */
    public org.apache.arrow.vector.dictionary.DictionaryProvider dictionaries() {
        return dictionaries;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public String property(String key, String defaultValue) {
        return properties.getOrDefault(key, defaultValue);
    }

    /** Builder of {@link WriteOptions}. Not thread-safe. */
    public static final class Builder {
        private Format format;
        private Protocol protocol;
        private Alignment alignment = Alignment.A64;
        private Compression compression = Compression.NONE;
        private int compressionLevel;
        private BufferAllocator allocator;
        private final List<TypeRegistry.Entry> registrations = new ArrayList<>();
        private TransportOptions transport = TransportOptions.DEFAULT;
        private long rowsPerFile;
        private org.apache.arrow.vector.dictionary.DictionaryProvider dictionaries;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {}

        public Builder dictionaries(org.apache.arrow.vector.dictionary.DictionaryProvider dictionaries) {
            this.dictionaries = dictionaries;
            return this;
        }

        public Builder format(Format format) {
            this.format = format;
            return this;
        }

        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder alignment(Alignment alignment) {
            this.alignment = Objects.requireNonNull(alignment, "alignment");
            return this;
        }

        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        public Builder compressionLevel(int level) {
            this.compressionLevel = level;
            return this;
        }

        public Builder allocator(BufferAllocator allocator) {
            this.allocator = allocator;
            return this;
        }

        /** Registers a Lightstream message type at the next tag. */
        public Builder registerMessage(String name) {
            registrations.add(new TypeRegistry.Entry(registrations.size(), name, TypeRegistry.Kind.MESSAGE, null));
            return this;
        }

        /** Registers a Lightstream table type at the next tag. */
        public Builder registerTable(String name, Schema schema) {
            registrations.add(new TypeRegistry.Entry(registrations.size(), name, TypeRegistry.Kind.TABLE, schema));
            return this;
        }

        public Builder transport(TransportOptions transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder rowsPerFile(long rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("rowsPerFile must be >= 0, got " + rows);
            }
            this.rowsPerFile = rows;
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public WriteOptions build() {
            return new WriteOptions(this);
        }
    }
}
