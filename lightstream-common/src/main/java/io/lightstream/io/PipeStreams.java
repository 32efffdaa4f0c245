package io.lightstream.io;

import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ChannelByteSink;
import io.lightstream.codec.StreamDecoder;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Readers of standard input and writers of standard output ({@code stdio:}), and the same over any
 * {@link InputStream}/{@link OutputStream} (a child process's pipes, for example). The protocol is
 * the options' ({@link Protocol#ARROW} by default).
 */
public final class PipeStreams {
    private PipeStreams() {}

    public static LightstreamReader openStdinReader(ReadOptions options) throws IOException {
        return openReader(new FileInputStream(FileDescriptor.in), "stdio", options);
    }

    public static LightstreamWriter openStdoutWriter(Schema schema, WriteOptions options) throws IOException {
        return openWriter(new FileOutputStream(FileDescriptor.out), "stdio", schema, options);
    }

    /**
     * A reader of {@code in}, which it owns and closes. The options' format may choose a text
     * format ({@code csv}, {@code json}, {@code ndjson}) instead of a protocol.
     */
    public static LightstreamReader openReader(InputStream in, String name, ReadOptions options) throws IOException {
        if (options.format() != null) {
            switch (options.format()) {
                case CSV:
                    return io.lightstream.format.csv.CsvFormat.openReader(in, name, options);
                case JSON, NDJSON:
                    return io.lightstream.format.json.JsonFormat.openReader(in, name, options);
                case ARROW_FILE, PARQUET:
                    in.close();
                    throw new IllegalArgumentException(options.format().id() + " needs a seekable file, not a pipe;"
                            + " use arrows (stream) or lightstream on pipes");
                default:
                    break;
            }
        }
        Protocol protocol = options.protocol() != null ? options.protocol()
                : options.format() == io.lightstream.Format.LIGHTSTREAM ? Protocol.LIGHTSTREAM : Protocol.ARROW;
        BufferAllocator allocator = ReaderAllocators.create(options.allocator(), "lightstream-pipe-reader",
                options.memoryLimit());
        try {
            StreamDecoder decoder = StreamDecoders.create(protocol, options, allocator);
            return new ChannelStreamReader(in instanceof FileInputStream fis ? fis.getChannel() : Channels.newChannel(in),
                    decoder, allocator, "stdio", name);
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    /**
     * A writer to {@code out}, which it owns and closes. The options' format may choose a text
     * format ({@code csv}, {@code json}, {@code ndjson}) instead of a protocol.
     */
    public static LightstreamWriter openWriter(OutputStream out, String name, Schema schema, WriteOptions options)
            throws IOException {
        if (options.format() != null) {
            switch (options.format()) {
                case CSV:
                    return io.lightstream.format.csv.CsvFormat.openWriter(out, name, schema, options);
                case JSON, NDJSON:
                    return io.lightstream.format.json.JsonFormat.openWriter(out, name, schema,
                            options.format() == io.lightstream.Format.JSON, options);
                case ARROW_FILE, PARQUET:
                    out.close();
                    throw new IllegalArgumentException(options.format().id() + " needs a seekable file, not a pipe;"
                            + " use arrows (stream) or lightstream on pipes");
                default:
                    break;
            }
        }
        Protocol protocol = options.protocol() != null ? options.protocol()
                : options.format() == io.lightstream.Format.LIGHTSTREAM ? Protocol.LIGHTSTREAM : Protocol.ARROW;
        return SinkWriter.open(new ChannelByteSink(out instanceof FileOutputStream fos ? fos.getChannel()
                : Channels.newChannel(out)), protocol, schema, options, null, out);
    }
}
