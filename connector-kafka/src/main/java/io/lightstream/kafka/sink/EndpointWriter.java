package io.lightstream.kafka.sink;

import io.lightstream.Endpoint;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream a sink task writes to one endpoint. Opened on the first write; on {@link
 * Protocol#ARROW} it carries one schema, so a batch of another schema ends the stream and starts a
 * new one (a new connection, or a new file); on {@link Protocol#LIGHTSTREAM} a table whose schema
 * changes sends its new schema in the same stream. A failed write discards the stream: the next
 * write opens a fresh one, and the caller writes the lost batch again.
 *
 * <p>A file endpoint {@code DIR/NAME.EXT} names a series of files {@code
 * DIR/NAME-<task>-<start>-<n>.EXT}, one per stream, where {@code start} is when the task started
 * (milliseconds since the epoch) and {@code n} counts its streams: restarts, rebalances and schema
 * changes never overwrite what was written.
 *
 * <p>Used by the task thread only; not thread-safe.
 */
final class EndpointWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointWriter.class);

    /** Opens a writer of a URI; {@code Lightstream::write} in production. */
    @FunctionalInterface
    interface Opener {
        LightstreamWriter open(String uri, Schema schema, WriteOptions options) throws IOException;
    }

    private final String uri;
    private final Endpoint endpoint;
    private final Protocol protocol;
    private final WriteOptions options;
    private final Opener opener;
    private final SinkMetrics metrics;
    private final int task;
    private final long startMillis;
    private int streams;
    private LightstreamWriter current;
    private String currentTarget;

    EndpointWriter(String uri, Protocol protocol, WriteOptions options, Opener opener, int task, SinkMetrics metrics) {
        this.uri = uri;
        this.endpoint = Endpoint.parse(uri);
        this.protocol = protocol;
        this.options = options;
        this.opener = opener;
        this.task = task;
        this.metrics = metrics;
        this.startMillis = System.currentTimeMillis();
    }

    /** The endpoint URI as configured. */
    String uri() {
        return uri;
    }

    /**
     * Writes one batch and flushes it to the transport.
     *
     * @param table the Lightstream table (ignored on the Arrow protocol)
     * @param metadata record-batch custom metadata (Arrow protocol only)
     * @throws IOException the transport failed; the stream is discarded and the batch was not
     *     (entirely) written
     * @throws ConnectException the endpoint cannot carry the batch at all (stdio asked to start a
     *     second stream)
     */
    void write(String table, VectorSchemaRoot root, DictionaryProvider dictionaries, Map<String, String> metadata)
            throws IOException {
        Schema schema = root.getSchema();
        if (current != null && protocol == Protocol.ARROW && !schema.equals(current.schema())) {
            LOG.info("The schema written to {} changed; ending stream {} and starting another", uri, currentTarget);
            closeStream(true);
        }
        if (current == null) {
            open(schema);
        }
        try {
            long before = current.bytesWritten();
            if (protocol == Protocol.ARROW) {
                current.write(root, dictionaries, metadata);
            } else {
                current.write(table, root, dictionaries);
            }
            current.flush();
            metrics.batchWritten(root.getRowCount(), current.bytesWritten() - before);
        } catch (IOException | RuntimeException e) {
            closeStream(false);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private void open(Schema schema) throws IOException {
        if (streams > 0 && endpoint.scheme() == Endpoint.Scheme.STDIO) {
            throw new ConnectException("stdio: carries one stream, which has ended or failed; a task writing to stdio"
                    + " cannot start another (a schema change, or a retry after a failed write)");
        }
        String target = nextTarget();
        current = opener.open(target, protocol == Protocol.ARROW ? schema : null, options);
        currentTarget = target;
        streams++;
        metrics.streamOpened();
        LOG.info("Opened stream {} of endpoint {}", target, uri);
    }

    private String nextTarget() {
        if (endpoint.scheme() != Endpoint.Scheme.FILE) {
            return uri;
        }
        Path path = endpoint.filePath();
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot <= 0 ? name : name.substring(0, dot);
        String ext = dot <= 0 ? "" : name.substring(dot);
        Path candidate;
        int n = streams;
        do {
            candidate = path.resolveSibling(stem + "-" + task + "-" + startMillis + "-" + n + ext);
            n++;
        } while (Files.exists(candidate));
        return candidate.toString();
    }

    /** Ends the current stream; with {@code clean}, failures are reported, otherwise only logged. */
    private void closeStream(boolean clean) throws IOException {
        LightstreamWriter w = current;
        current = null;
        if (w == null) {
            return;
        }
        metrics.streamClosed();
        try {
            w.close();
        } catch (IOException | RuntimeException e) {
            if (clean) {
                throw e;
            }
            LOG.debug("Closing the failed stream {} failed too", currentTarget, e);
        }
    }

    /** Ends the stream cleanly (end-of-stream marker, file footer). Idempotent. */
    @Override
    public void close() throws IOException {
        closeStream(true);
    }
}
