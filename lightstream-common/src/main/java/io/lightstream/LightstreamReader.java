package io.lightstream;

import java.io.IOException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads {@link Item items} from a file, pipe or network endpoint: record {@link Batch batches} and,
 * on the Lightstream protocol, opaque {@link Message messages}.
 *
 * <pre>{@code
 * try (LightstreamReader reader = Lightstream.read("data.arrow", ReadOptions.DEFAULT)) {
 *     for (Batch next = reader.readBatch(); next != null; next = reader.readBatch()) {
 *         try (Batch batch = next) {
 *             process(batch.root());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threading:</b> one thread at a time; calls block until an item, the end of the stream or an
 * error. {@link #close()} may be called from another thread to abort a blocked read, which then
 * fails with a {@link LightstreamException}.
 *
 * <p><b>Ownership:</b> each returned batch belongs to the caller, who closes it (before closing the
 * reader, when the reader owns the allocator).
 */
public interface LightstreamReader extends AutoCloseable {

    /**
     * The schema of the stream or file, blocking until it has arrived. On the Lightstream protocol,
     * where each table carries its own schema, this is the schema of the first table seen, and {@link
     * Batch#schema()} is authoritative.
     *
     * @return the schema, or null if the stream ended before any schema
     */
    Schema schema() throws IOException;

    /**
     * The next item, or null at the end of the stream.
     *
     * @throws FormatException malformed input, naming what and where
     * @throws TransportException the transport failed
     */
    Item read() throws IOException;

    /** The next batch, skipping messages; null at the end of the stream. */
    default Batch readBatch() throws IOException {
        Item item;
        while ((item = read()) != null) {
            if (item instanceof Batch b) {
                return b;
            }
        }
        return null;
    }

    /** Encoded bytes consumed so far. */
    long bytesRead();

    /** Releases the source and every resource the reader holds (not the batches it handed out). Idempotent. */
    @Override
    void close() throws IOException;
}
