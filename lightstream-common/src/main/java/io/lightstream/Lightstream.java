package io.lightstream;

import io.lightstream.io.FileFormats;
import io.lightstream.io.PipeStreams;
import io.lightstream.transport.Transports;
import java.io.IOException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The entry point: everything is a read or a write of a URI.
 *
 * <pre>{@code
 * try (LightstreamReader in = Lightstream.read("tcp://127.0.0.1:9000", ReadOptions.DEFAULT);
 *      LightstreamWriter out = Lightstream.write("out.arrow", in.schema(), WriteOptions.DEFAULT)) {
 *     for (Batch next = in.readBatch(); next != null; next = in.readBatch()) {
 *         try (Batch b = next) {
 *             out.write(b.root(), b.dictionaries());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The URI forms are those of {@link Endpoint}. Files choose their {@link Format} by extension
 * unless the options name one; pipes and network transports carry the {@link Protocol} given in the
 * options (Arrow by default).
 *
 * <p>Thread-safe: each call opens an independent reader or writer.
 */
public final class Lightstream {
    private Lightstream() {}

    /** Opens a reader with default options. */
    public static LightstreamReader read(String uri) throws IOException {
        return read(uri, ReadOptions.DEFAULT);
    }

    /**
     * Opens a reader of {@code uri}. For network URIs this connects (or, with {@code accept}, binds
     * and waits for the peer) before returning.
     *
     * @throws IllegalArgumentException the URI or an option is invalid
     * @throws LightstreamException the source cannot be opened or its first bytes are malformed
     */
    public static LightstreamReader read(String uri, ReadOptions options) throws IOException {
        Endpoint endpoint = Endpoint.parse(uri);
        return switch (endpoint.scheme()) {
            case FILE -> FileFormats.openReader(endpoint, options);
            case STDIO -> PipeStreams.openStdinReader(options);
            default -> Transports.openReader(endpoint, options);
        };
    }

    /** Opens a writer with default options. */
    public static LightstreamWriter write(String uri, Schema schema) throws IOException {
        return write(uri, schema, WriteOptions.DEFAULT);
    }

    /**
     * Opens a writer to {@code uri} for batches of {@code schema} (null on the Lightstream protocol,
     * where each registered table has its own schema).
     *
     * @throws IllegalArgumentException the URI or an option is invalid
     * @throws LightstreamException the destination cannot be opened
     */
    public static LightstreamWriter write(String uri, Schema schema, WriteOptions options) throws IOException {
        Endpoint endpoint = Endpoint.parse(uri);
        return switch (endpoint.scheme()) {
            case FILE -> FileFormats.openWriter(endpoint, schema, options);
            case STDIO -> PipeStreams.openStdoutWriter(schema, options);
            default -> Transports.openWriter(endpoint, schema, options);
        };
    }
}
