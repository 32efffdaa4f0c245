package io.lightstream.io;

import io.lightstream.Endpoint;
import io.lightstream.Format;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.TransportException;
import io.lightstream.WriteOptions;
import io.lightstream.codec.BodyCodec;
import io.lightstream.codec.ChannelByteSink;
import io.lightstream.codec.StreamDecoder;
import io.lightstream.codec.ipc.IpcFileReader;
import io.lightstream.codec.ipc.IpcFileWriter;
import io.lightstream.codec.ipc.IpcMessageEncoder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** Opens readers and writers of files, choosing the {@link Format} by option or extension. */
public final class FileFormats {
    /** IPC files at least this large are memory-mapped unless the options say otherwise. */
    public static final long MMAP_THRESHOLD = 64L << 20;

    private FileFormats() {}

    /** The format of {@code endpoint}: the explicit one, else by extension. */
    public static Format formatOf(Endpoint endpoint, Format explicit) {
        if (explicit != null) {
            return explicit;
        }
        return Format.fromFileName(endpoint.path()).orElseThrow(() -> new IllegalArgumentException(
                "cannot tell the format of '" + endpoint.path() + "' from its extension; name it with the format option"
                        + " (arrow, arrows, lightstream, parquet, csv, json, ndjson)"));
    }

    public static LightstreamReader openReader(Endpoint endpoint, ReadOptions options) throws IOException {
        Format format = formatOf(endpoint, options.format());
        Path path = endpoint.filePath();
        return switch (format) {
            case ARROW_FILE -> openIpcFile(path, options);
            case ARROW_STREAM -> openStream(path, Protocol.ARROW, options);
            case LIGHTSTREAM -> openStream(path, Protocol.LIGHTSTREAM, options);
            case PARQUET, CSV, JSON, NDJSON -> io.lightstream.format.FormatFiles.openReader(format, path, options);
        };
    }

    public static LightstreamWriter openWriter(Endpoint endpoint, Schema schema, WriteOptions options)
            throws IOException {
        Format format = formatOf(endpoint, options.format());
        Path path = endpoint.filePath();
        return switch (format) {
            case ARROW_FILE -> createIpcFile(path, schema, options);
            case ARROW_STREAM -> createStream(path, Protocol.ARROW, schema, options);
            case LIGHTSTREAM -> createStream(path, Protocol.LIGHTSTREAM, schema, options);
            case PARQUET, CSV, JSON, NDJSON -> io.lightstream.format.FormatFiles.openWriter(format, path, schema, options);
        };
    }

    private static LightstreamReader openIpcFile(Path path, ReadOptions options) throws IOException {
        FileChannel channel = openRead(path);
        BufferAllocator allocator = ReaderAllocators.create(options.allocator(), "lightstream-file-reader",
                options.memoryLimit());
        try {
            boolean mmap = options.mmap() != null ? options.mmap() : channel.size() >= MMAP_THRESHOLD;
            IpcFileReader file = new IpcFileReader(channel, path.toString(), mmap, allocator, options.limits(),
                    options.validateFull());
            return new IpcFileBatchReader(file, allocator);
        } catch (IOException | RuntimeException e) {
            allocator.close();
            channel.close();
            throw e;
        }
    }

    private static LightstreamReader openStream(Path path, Protocol protocol, ReadOptions options) throws IOException {
        FileChannel channel = openRead(path);
        BufferAllocator allocator = ReaderAllocators.create(options.allocator(), "lightstream-stream-reader",
                options.memoryLimit());
        try {
            StreamDecoder decoder = StreamDecoders.create(protocol, options, allocator);
            return new ChannelStreamReader(channel, decoder, allocator, "file", path.toString());
        } catch (IOException | RuntimeException e) {
            allocator.close();
            channel.close();
            throw e;
        }
    }

    private static LightstreamWriter createIpcFile(Path path, Schema schema, WriteOptions options) throws IOException {
        if (schema == null) {
            throw new IllegalArgumentException("writing an Arrow IPC file needs a schema");
        }
        FileChannel channel = openWrite(path);
        BufferAllocator allocator = ReaderAllocators.create(options.allocator(), "lightstream-file-writer",
                Long.MAX_VALUE);
        try {
            BodyCodec codec = options.compression() == io.lightstream.Compression.NONE ? null
                    : BodyCodec.forWriting(options.compression(), options.compressionLevel());
            ChannelByteSink sink = new ChannelByteSink(channel);
            IpcFileWriter file = new IpcFileWriter(sink, schema,
                    new IpcMessageEncoder(options.alignment(), codec, allocator),
                    SinkWriter.preserveDictionaryIds(options), allocator);
            return new IpcFileBatchWriter(file, sink, allocator, channel, options.dictionaries());
        } catch (RuntimeException e) {
            allocator.close();
            channel.close();
            throw e;
        }
    }

    private static LightstreamWriter createStream(Path path, Protocol protocol, Schema schema, WriteOptions options)
            throws IOException {
        FileChannel channel = openWrite(path);
        try {
            return SinkWriter.open(new ChannelByteSink(channel), protocol, schema, options, null, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static FileChannel openRead(Path path) throws TransportException {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new TransportException("file", path.toString(), "no such file", e);
        } catch (AccessDeniedException e) {
            throw new TransportException("file", path.toString(), "permission denied", e);
        } catch (IOException e) {
            throw new TransportException("file", path.toString(), "cannot open: " + e.getMessage(), e);
        }
    }

    static FileChannel openWrite(Path path) throws TransportException {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
                throw new TransportException("file", path.toString(), "directory " + parent + " does not exist");
            }
            return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (AccessDeniedException e) {
            throw new TransportException("file", path.toString(), "permission denied", e);
        } catch (TransportException e) {
            throw e;
        } catch (IOException e) {
            throw new TransportException("file", path.toString(), "cannot create: " + e.getMessage(), e);
        }
    }
}
