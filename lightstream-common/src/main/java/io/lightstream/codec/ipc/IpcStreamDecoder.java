package io.lightstream.codec.ipc;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.StreamDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Push-based decoder of one Arrow IPC stream (the {@link io.lightstream.Protocol#ARROW Arrow
 * protocol}): schema, dictionaries, record batches, end-of-stream marker. Accepts 8- and 64-byte
 * aligned streams, the legacy 4-byte prefix, both end-of-stream forms and the reference writer's
 * padded dictionary frames.
 *
 * <p>See {@link StreamDecoder} for the contract. A direct-read fast path ({@link #directWindow},
 * {@link #advance}) lets a blocking reader receive large bodies straight into Arrow memory.
 */
public final class IpcStreamDecoder implements StreamDecoder {
    private final AlignedBufferPool pool;
    private final MessageFramer framer;
    private final StreamState state;
    private final ArrayDeque<Item> ready = new ArrayDeque<>();
    private boolean closed;

    /** A decoder allocating from {@code allocator}, with default buffer reuse and no full validation. */
    public IpcStreamDecoder(BufferAllocator allocator, DecodeLimits limits) {
        this(allocator, limits, false);
    }

    /**
     * @param validateFull run Arrow's full validation (offsets, UTF-8) on each batch
     */
    public IpcStreamDecoder(BufferAllocator allocator, DecodeLimits limits, boolean validateFull) {
        this.pool = new AlignedBufferPool(allocator, 4);
        this.framer = new MessageFramer(pool, limits);
        this.state = new StreamState(allocator, pool, limits, validateFull, false, null);
    }

    @Override
    public void feed(ByteBuffer src) throws LightstreamException {
        ensureOpen();
        while (src.hasRemaining()) {
            if (framer.feed(src)) {
                onFrame();
            }
        }
    }

    private void onFrame() throws FormatException {
        RawMessage m = framer.take();
        if (m == null) {
            return;
        }
        Batch b = state.accept(m);
        if (b != null) {
            ready.add(b);
        }
    }

    /**
     * A window of Arrow memory for the next bytes of a large message body, or null. A blocking
     * reader may fill it from its channel and then call {@link #advance(int)}, avoiding one copy.
     */
    public ByteBuffer directWindow(int minBytes) {
        return framer.directWindow(minBytes);
    }

    /** Accounts for {@code n} bytes written into the last {@link #directWindow}. */
    public void advance(int n) throws LightstreamException {
        if (framer.advance(n)) {
            onFrame();
        }
    }

    @Override
    public Item poll() {
        return ready.poll();
    }

    @Override
    public void finish() throws LightstreamException {
        ensureOpen();
        if (framer.isEndOfStream()) {
            return;
        }
        if (!framer.canEndHere()) {
            throw new FormatException("stream ended inside an IPC message", framer.frameStart());
        }
        throw new FormatException("stream ended before the Arrow end-of-stream marker", framer.position());
    }

    @Override
    public boolean isEndOfStream() {
        return framer.isEndOfStream();
    }

    @Override
    public Schema schema() {
        return state.schema();
    }

    @Override
    public long bytesConsumed() {
        return framer.position();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("decoder is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Item i;
        while ((i = ready.poll()) != null) {
            if (i instanceof Batch b) {
                b.close();
            }
        }
        framer.close();
        state.close();
        pool.close();
    }
}
