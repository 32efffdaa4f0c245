package io.lightstream.codec.tlv;

import io.lightstream.FormatException;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.DecodeLimits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Splits a byte stream into {@link TlvFrame}s, incrementally.
 *
 * <pre>
 * +--------+----------------------+------------------+
 * | tag u8 | length u32 LE        | payload (length) |
 * +--------+----------------------+------------------+
 * </pre>
 *
 * <p>The length is checked against {@link DecodeLimits#maxFrameBytes()} before anything is
 * allocated; payloads above 64 MiB are received into a smaller buffer first and moved to a full-size
 * one only once that much data has arrived. Payloads land in 64-byte aligned Arrow memory (one copy),
 * so the IPC messages inside a table payload are decoded in place.
 *
 * <p>Not thread-safe.
 */
public final class TlvFrameDecoder implements AutoCloseable {
    private static final long EAGER_PAYLOAD_BYTES = 64L << 20;

    private final AlignedBufferPool pool;
    private final DecodeLimits limits;
    private final ByteBuffer header = ByteBuffer.allocate(TlvFrame.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long position;
    private long frameStart;
    private int tag;
    private long length;
    private ArrowBuf payload;
    private long filled;
    private boolean inPayload;

    public TlvFrameDecoder(AlignedBufferPool pool, DecodeLimits limits) {
        this.pool = pool;
        this.limits = limits;
    }

    /**
     * Consumes bytes of {@code src} until a frame completes or {@code src} is empty.
     *
     * @return the completed frame (owned by the caller), or null if more input is needed
     * @throws io.lightstream.LimitExceededException the length is above the frame cap
     */
    public TlvFrame feed(ByteBuffer src) throws FormatException {
        while (src.hasRemaining()) {
            if (!inPayload) {
                if (header.position() == 0) {
                    frameStart = position;
                }
                while (header.hasRemaining() && src.hasRemaining()) {
                    header.put(src.get());
                    position++;
                }
                if (header.hasRemaining()) {
                    return null;
                }
                tag = header.get(0) & 0xFF;
                length = header.getInt(1) & 0xFFFF_FFFFL;
                header.clear();
                if (length > limits.maxFrameBytes()) {
                    throw new io.lightstream.LimitExceededException("TLV frame bytes", length, limits.maxFrameBytes(),
                            frameStart);
                }
                filled = 0;
                inPayload = true;
                payload = pool.allocate(Math.min(length, EAGER_PAYLOAD_BYTES));
                if (length == 0) {
                    return complete();
                }
            }
            if (filled == payload.capacity()) {
                ArrowBuf full = pool.allocate(length);
                full.setBytes(0, payload, 0, filled);
                payload.close();
                payload = full;
            }
            int n = (int) Math.min(src.remaining(), payload.capacity() - filled);
            ByteBuffer part = src.slice();
            part.limit(n);
            payload.setBytes(filled, part);
            src.position(src.position() + n);
            filled += n;
            position += n;
            if (filled == length) {
                return complete();
            }
        }
        return null;
    }

    /**
     * When a payload is being received into its full-size buffer, a window of that Arrow memory
     * for its next bytes (at least {@code minBytes} of them), into which a reader may receive
     * directly and then call {@link #advance(int)}, saving the copy {@link #feed} makes. Else null.
     * The window is valid until the next call that consumes bytes.
     */
    public ByteBuffer directWindow(int minBytes) {
        if (!inPayload || payload == null || payload.capacity() != length) {
            return null;
        }
        long remaining = length - filled;
        if (remaining < Math.max(1, minBytes)) {
            return null;
        }
        return payload.nioBuffer(filled, (int) Math.min(remaining, 1 << 30));
    }

    /**
     * Accounts for {@code n} bytes written into the last {@link #directWindow} buffer.
     *
     * @return the completed frame (owned by the caller), or null if its payload is still incomplete
     * @throws IllegalStateException no window is open or {@code n} exceeds it
     */
    public TlvFrame advance(int n) {
        if (!inPayload || payload == null || payload.capacity() != length || n < 0 || n > length - filled) {
            throw new IllegalStateException("advance(" + n + ") outside a direct window");
        }
        filled += n;
        position += n;
        return filled == length ? complete() : null;
    }

    private TlvFrame complete() {
        inPayload = false;
        payload.writerIndex(length);
        TlvFrame f = new TlvFrame(tag, payload, frameStart);
        payload = null;
        return f;
    }

    /** Whether no frame is partially received. */
    public boolean atFrameBoundary() {
        return !inPayload && header.position() == 0;
    }

    /**
     * Checks that the input may end here.
     *
     * @throws FormatException the input ended inside a header or a payload
     */
    public void finish() throws FormatException {
        if (inPayload) {
            throw new FormatException("stream ended with incomplete TLV payload (" + filled + " of " + length
                    + " bytes, tag " + tag + ")", frameStart);
        }
        if (header.position() > 0) {
            throw new FormatException("stream ended with incomplete TLV header (" + header.position() + " of "
                    + TlvFrame.HEADER_BYTES + " bytes)", frameStart);
        }
    }

    /** Bytes consumed so far. */
    public long position() {
        return position;
    }

    @Override
    public void close() {
        if (payload != null) {
            payload.close();
            payload = null;
        }
    }
}
