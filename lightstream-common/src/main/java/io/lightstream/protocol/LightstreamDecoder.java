package io.lightstream.protocol;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.Message;
import io.lightstream.ProtocolException;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.StreamDecoder;
import io.lightstream.codec.ipc.TablePayloadDecoder;
import io.lightstream.codec.tlv.TlvFrame;
import io.lightstream.codec.tlv.TlvFrameDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Push-based decoder of the Lightstream protocol: TLV frames dispatched by tag to opaque {@link
 * Message}s or to the tables' IPC decoders.
 *
 * <p>With an empty registry the decoder runs in <em>discovery</em> mode, for tools that do not know
 * the peer's registrations: a payload that starts with the IPC continuation marker is decoded as a
 * table, anything else is a message; types are named {@code tag<N>}.
 *
 * <p>See {@link StreamDecoder} for the contract; {@link #directWindow}/{@link #advance} are the
 * direct-read fast path for large payloads. An unregistered tag is a {@link ProtocolException};
 * the offending frame has been consumed, so decoding may continue after it.
 */
public final class LightstreamDecoder implements StreamDecoder {
    private final BufferAllocator allocator;
    private final DecodeLimits limits;
    private final TypeRegistry registry;
    private final boolean validateFull;
    private final AlignedBufferPool pool;
    private final TlvFrameDecoder frames;
    private final Map<Integer, TablePayloadDecoder> tables = new HashMap<>();
    private final ArrayDeque<Item> ready = new ArrayDeque<>();
    private Schema firstSchema;
    private boolean closed;

    public LightstreamDecoder(BufferAllocator allocator, DecodeLimits limits, TypeRegistry registry) {
        this(allocator, limits, registry, false);
    }

    public LightstreamDecoder(BufferAllocator allocator, DecodeLimits limits, TypeRegistry registry,
            boolean validateFull) {
        this.allocator = allocator;
        this.limits = limits;
        this.registry = registry;
        this.validateFull = validateFull;
        this.pool = new AlignedBufferPool(allocator, 4);
        this.frames = new TlvFrameDecoder(pool, limits);
    }

    @Override
    public void feed(ByteBuffer src) throws LightstreamException {
        if (closed) {
            throw new IllegalStateException("decoder is closed");
        }
        while (src.hasRemaining()) {
            TlvFrame f = frames.feed(src);
            if (f != null) {
                try (f) {
                    dispatch(f);
                }
            }
        }
    }

    /**
     * A window of Arrow memory for the next bytes of a large frame payload, or null (see {@link
     * TlvFrameDecoder#directWindow}). A reader may receive into it and then call {@link
     * #advance(int)}, avoiding one copy.
     */
    public ByteBuffer directWindow(int minBytes) {
        return closed ? null : frames.directWindow(minBytes);
    }

    /** Accounts for {@code n} bytes written into the last {@link #directWindow}; decodes the frame once complete. */
    public void advance(int n) throws LightstreamException {
        if (closed) {
            throw new IllegalStateException("decoder is closed");
        }
        TlvFrame f = frames.advance(n);
        if (f != null) {
            try (f) {
                dispatch(f);
            }
        }
    }

    private void dispatch(TlvFrame f) throws LightstreamException {
        int tag = f.tag();
        TypeRegistry.Entry e = registry.byTag(tag);
        boolean table;
        String name;
        if (e != null) {
            table = e.kind() == TypeRegistry.Kind.TABLE;
            name = e.name();
        } else if (registry.size() == 0) {
            table = tables.containsKey(tag) || f.length() >= 4 && f.payload().getInt(0) == 0xFFFFFFFF;
            name = "tag" + tag;
        } else {
            throw new ProtocolException("unknown type tag " + tag + " (frame at byte offset " + f.offset()
                    + "; " + registry.size() + " types registered)");
        }
        if (!table) {
            ready.add(new Message(name, tag, f.payloadBytes()));
            return;
        }
        TablePayloadDecoder t = tables.get(tag);
        if (t == null) {
            t = new TablePayloadDecoder(allocator, pool, limits, validateFull, name);
            tables.put(tag, t);
        }
        List<Batch> batches = t.decode(f.payload(), f.offset() + TlvFrame.HEADER_BYTES);
        if (firstSchema == null) {
            firstSchema = t.schema();
        }
        ready.addAll(batches);
    }

    @Override
    public Item poll() {
        return ready.poll();
    }

    @Override
    public void finish() throws FormatException {
        frames.finish();
    }

    /** Always false: the Lightstream protocol has no end marker; the stream ends with its transport. */
    @Override
    public boolean isEndOfStream() {
        return false;
    }

    @Override
    public Schema schema() {
        return firstSchema;
    }

    /** The schema of table {@code name}, once its first frame arrived. */
    public Schema schema(String name) {
        TypeRegistry.Entry e = registry.byName(name);
        TablePayloadDecoder t = e == null ? null : tables.get(e.tag());
        return t == null ? null : t.schema();
    }

    @Override
    public long bytesConsumed() {
        return frames.position();
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
        frames.close();
        for (TablePayloadDecoder t : tables.values()) {
            t.close();
        }
        tables.clear();
        pool.close();
    }
}
