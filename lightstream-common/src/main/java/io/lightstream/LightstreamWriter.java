package io.lightstream;

import java.io.IOException;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes record batches (and, on the Lightstream protocol, messages) to a file, pipe or network
 * endpoint.
 *
 * <pre>{@code
 * try (LightstreamWriter writer = Lightstream.write("out.arrow", root.getSchema(), WriteOptions.DEFAULT)) {
 *     writer.write(root);
 * }
 * }</pre>
 *
 * <p><b>Threading:</b> one thread at a time. Writes block while the destination applies
 * backpressure.
 *
 * <p><b>Ownership:</b> the writer never takes ownership of the roots or dictionaries it is given;
 * once a write call returns, normally or by throwing, the caller may reuse or close them (a network
 * writer whose connection failed under a write closes the connection and lets go of the batch's
 * memory before it throws).
 */
public interface LightstreamWriter extends AutoCloseable {

    /** The schema batches must have (for the Lightstream protocol: null, each table has its own). */
    Schema schema();

    /** Writes a batch with no dictionary-encoded columns. */
    default void write(VectorSchemaRoot batch) throws IOException {
        write(batch, null, Map.of());
    }

    /** Writes a batch whose dictionary-encoded columns resolve through {@code dictionaries}. */
    default void write(VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
        write(batch, dictionaries, Map.of());
    }

    /**
     * Writes a batch with record-batch message custom metadata (for example {@code ls.seq_id}).
     * Dictionaries whose contents changed since they were last written are sent again first: as a
     * delta when the old entries are a prefix of the new ones (streams only), else as a replacement.
     */
    void write(VectorSchemaRoot batch, DictionaryProvider dictionaries, Map<String, String> metadata)
            throws IOException;

    /** Writes a batch of the Lightstream table registered as {@code table}. */
    void write(String table, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException;

    /** Writes an opaque message of the Lightstream message type registered as {@code name}. */
    void writeMessage(String name, byte[] payload) throws IOException;

    /** Pushes buffered bytes to the destination. */
    void flush() throws IOException;

    /** Encoded bytes written so far. */
    long bytesWritten();

    /** Ends the stream (end-of-stream marker, file footer), flushes and releases the destination. Idempotent. */
    @Override
    void close() throws IOException;
}
