package io.lightstream.codec.ipc;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.DecodeLimits;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decodes an Arrow IPC stream that is already whole in Arrow memory (a memory-mapped
 * {@code .arrows} file, a received buffer, a Kafka record value copied off-heap) without copying:
 * the vectors of each batch point into that memory.
 *
 * <pre>{@code
 * try (IpcMemoryReader r = new IpcMemoryReader(buf, allocator, DecodeLimits.DEFAULT)) {
 *     for (Batch b = r.next(); b != null; b = r.next()) {
 *         try (b) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Does not take the caller's reference on the buffer; batches hold their own,
 * so the caller may release it once done reading. A stream that ends without its end-of-stream
 * marker is an error, as for the incremental decoder.
 */
public final class IpcMemoryReader implements AutoCloseable {
    private final BufferMessageReader messages;
    private final AlignedBufferPool pool;
    private final StreamState state;
    private final long length;

    /** Reads all of {@code stream}, up to its capacity (which may exceed the requested size of an allocation). */
    public IpcMemoryReader(ArrowBuf stream, BufferAllocator allocator, DecodeLimits limits) {
        this(stream, 0, stream.capacity(), allocator, limits, false);
    }

    /** Reads the stream in {@code [start, end)} of {@code stream}. */
    public IpcMemoryReader(ArrowBuf stream, long start, long end, BufferAllocator allocator, DecodeLimits limits,
            boolean validateFull) {
        this.messages = new BufferMessageReader(stream, start, end, limits, 0);
        this.pool = new AlignedBufferPool(allocator, 0);
        this.state = new StreamState(allocator, pool, limits, validateFull, false, null);
        this.length = end - start;
    }

    /** The next batch (owned by the caller), or null after the end-of-stream marker. */
    public Batch next() throws FormatException {
        while (true) {
            if (messages.isEndOfStream()) {
                return null;
            }
            if (!messages.hasRemaining()) {
                throw new FormatException("stream ended before the Arrow end-of-stream marker", length);
            }
            RawMessage m = messages.next();
            if (m == null) {
                continue;
            }
            Batch b = state.accept(m);
            if (b != null) {
                return b;
            }
        }
    }

    /** The schema (memory format), once the schema message has been read; reads it if needed. */
    public Schema schema() throws FormatException {
        while (state.schema() == null && messages.hasRemaining()) {
            RawMessage m = messages.next();
            if (m == null) {
                break;
            }
            Batch b = state.accept(m);
            if (b != null) {
                b.close();
                throw new FormatException("record batch before schema", 0);
            }
        }
        return state.schema();
    }

    @Override
    public void close() {
        state.close();
        pool.close();
    }
}
