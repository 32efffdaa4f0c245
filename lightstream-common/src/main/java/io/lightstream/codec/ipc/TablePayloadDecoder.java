package io.lightstream.codec.ipc;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.DecodeLimits;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decodes the payloads of one Lightstream table tag: each payload is a run of IPC messages (schema
 * and dictionaries on the first send, possibly repeated later, then record batches), without an
 * end-of-stream marker.
 *
 * <p>The payload is decoded in place: batch vectors point into it. A payload must hold at least one
 * record batch; a re-sent schema replaces the stored one.
 *
 * <p>Not thread-safe; batches it returns are owned by the caller.
 */
public final class TablePayloadDecoder implements AutoCloseable {
    private final StreamState state;
    private final DecodeLimits limits;

    public TablePayloadDecoder(BufferAllocator allocator, AlignedBufferPool pool, DecodeLimits limits,
            boolean validateFull, String tableName) {
        this.state = new StreamState(allocator, pool, limits, validateFull, true, tableName);
        this.limits = limits;
    }

    /**
     * Decodes one payload.
     *
     * @param payload the payload (not released)
     * @param offset offset of the payload in its stream, for error messages
     * @return the record batches of the payload, in order (at least one)
     */
    public List<Batch> decode(ArrowBuf payload, long offset) throws FormatException {
        BufferMessageReader reader = new BufferMessageReader(payload, 0, payload.capacity(), limits, offset);
        List<Batch> out = new ArrayList<>(1);
        try {
            RawMessage m;
            while ((m = reader.next()) != null) {
                Batch b = state.accept(m);
                if (b != null) {
                    out.add(b);
                }
            }
            if (reader.hasRemaining()) {
                throw new FormatException("bytes after an end-of-stream marker in a table payload", offset + reader.position());
            }
            if (out.isEmpty()) {
                throw new FormatException("table payload did not contain a record batch", offset);
            }
            return out;
        } catch (FormatException | RuntimeException e) {
            for (Batch b : out) {
                b.close();
            }
            throw e;
        }
    }

    /** The table's schema (memory format), once received. */
    public Schema schema() {
        return state.schema();
    }

    @Override
    public void close() {
        state.close();
    }
}
