package io.lightstream.codec.ipc;

import io.lightstream.FormatException;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.DecodeLimits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Splits an incoming byte stream into IPC messages, incrementally.
 *
 * <pre>
 * [FF FF FF FF][size u32 LE][flatbuffer: size bytes][body: bodyLength bytes]   current form
 * [size u32 LE][flatbuffer][body]                                              legacy (pre-0.15) form
 * [FF FF FF FF][00 00 00 00] or [00 00 00 00]                                   end of stream
 * </pre>
 *
 * <p>Accepts 8-aligned and 64-aligned streams. After a dictionary batch it also skips the zero
 * bytes the reference Lightstream writer puts after an unpadded dictionary body, up to the next
 * 64-byte boundary of that frame.
 *
 * <p>Bodies are copied once, into 64-byte aligned memory from the {@link AlignedBufferPool}. A body
 * larger than {@value #EAGER_BODY_BYTES} bytes is first received into a smaller buffer and moved to
 * its full-size buffer only once that much data has really arrived, so a hostile length field
 * alone cannot make the decoder allocate its full (limit-checked) size.
 *
 * <p>Not thread-safe.
 */
final class MessageFramer implements AutoCloseable {
    static final long EAGER_BODY_BYTES = 64L << 20;
    private static final int DICTIONARY_PADDING = 64;

    private enum State { PREFIX, METADATA, BODY, DICTIONARY_PADDING, END }

    private final AlignedBufferPool pool;
    private final DecodeLimits limits;
    private final ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private State state = State.PREFIX;
    private long position;
    private long frameStart;
    private boolean continuation;
    private byte[] metadata;
    private int metadataFilled;
    private Message message;
    private ByteBuffer metadataBuffer;
    private long bodyLength;
    private ArrowBuf body;
    private long bodyFilled;
    private RawMessage ready;
    private boolean endOfStream;

    MessageFramer(AlignedBufferPool pool, DecodeLimits limits) {
        this.pool = pool;
        this.limits = limits;
    }

    /**
     * Consumes bytes of {@code src} until a message or the end-of-stream marker completes, or
     * {@code src} is empty.
     *
     * @return true when a message ({@link #take()}) or the end of stream ({@link #isEndOfStream()}) is ready
     */
    boolean feed(ByteBuffer src) throws FormatException {
        if (ready != null) {
            throw new IllegalStateException("take() the ready message first");
        }
        while (src.hasRemaining()) {
            switch (state) {
                case PREFIX -> {
                    if (readPrefix(src)) {
                        return true;
                    }
                }
                case METADATA -> readMetadata(src);
                case BODY -> {
                    if (readBody(src)) {
                        return true;
                    }
                }
                case DICTIONARY_PADDING -> {
                    if (skipPadding(src)) {
                        return true;
                    }
                }
                case END -> throw new FormatException(src.remaining() + " bytes after the end-of-stream marker", position);
                default -> throw new IllegalStateException(state.toString());
            }
        }
        return false;
    }

    /** The completed message; the caller owns it. */
    RawMessage take() {
        RawMessage m = ready;
        ready = null;
        return m;
    }

    boolean isEndOfStream() {
        return endOfStream;
    }

    /** Whether no frame is partially received. */
    boolean atFrameBoundary() {
        return state == State.PREFIX && prefix.position() == 0 || state == State.END;
    }

    /** Whether an end-of-input now would be a clean end: between frames, or within trailing zero padding. */
    boolean canEndHere() {
        return atFrameBoundary() || state == State.DICTIONARY_PADDING;
    }

    /** Bytes consumed so far. */
    long position() {
        return position;
    }

    /** Offset of the frame being received (for error messages at end of input). */
    long frameStart() {
        return frameStart;
    }

    /**
     * When a large body is being received, a window of Arrow memory into which the caller may read
     * the next body bytes directly (then calling {@link #advance(int)}), saving a copy. Else null.
     */
    ByteBuffer directWindow(int minBytes) {
        if (state != State.BODY || body == null || body.capacity() != bodyLength) {
            return null;
        }
        long remaining = bodyLength - bodyFilled;
        if (remaining < minBytes) {
            return null;
        }
        return body.nioBuffer(bodyFilled, (int) Math.min(remaining, 1 << 30));
    }

    /** Accounts for {@code n} bytes the caller wrote into the {@link #directWindow} buffer. */
    boolean advance(int n) {
        bodyFilled += n;
        position += n;
        if (bodyFilled == bodyLength) {
            return finishBody();
        }
        return false;
    }

    private boolean readPrefix(ByteBuffer src) throws FormatException {
        if (prefix.position() == 0) {
            frameStart = position;
        }
        int want = prefix.position() < 4 ? 4 : 8;
        while (prefix.position() < want && src.hasRemaining()) {
            prefix.put(src.get());
            position++;
        }
        if (prefix.position() < want) {
            return false;
        }
        if (want == 4) {
            int first = prefix.getInt(0);
            if (first == 0xFFFFFFFF) {
                return readPrefix(src);
            }
            prefix.clear();
            continuation = false;
            if (first == 0) {
                return endOfStream();
            }
            return startMetadata(first);
        }
        int size = prefix.getInt(4);
        prefix.clear();
        continuation = true;
        if (size == 0) {
            return endOfStream();
        }
        return startMetadata(size);
    }

    private boolean endOfStream() {
        state = State.END;
        endOfStream = true;
        return true;
    }

    private boolean startMetadata(int size) throws FormatException {
        if (size < 0) {
            throw new FormatException("negative IPC metadata length " + size + " (0x" + Integer.toHexString(size) + ")",
                    frameStart);
        }
        DecodeLimits.check("IPC metadata bytes", size, limits.maxMetadataBytes(), frameStart);
        metadata = new byte[size];
        metadataFilled = 0;
        state = State.METADATA;
        return false;
    }

    private void readMetadata(ByteBuffer src) throws FormatException {
        int n = Math.min(src.remaining(), metadata.length - metadataFilled);
        src.get(metadata, metadataFilled, n);
        metadataFilled += n;
        position += n;
        if (metadataFilled < metadata.length) {
            return;
        }
        metadataBuffer = ByteBuffer.wrap(metadata).order(ByteOrder.LITTLE_ENDIAN);
        message = MessageParser.message(metadataBuffer, frameStart);
        bodyLength = message.bodyLength();
        DecodeLimits.check("IPC body bytes", bodyLength, limits.maxBodyBytes(), frameStart);
        bodyFilled = 0;
        state = State.BODY;
        if (bodyLength == 0) {
            body = null;
        } else {
            body = pool.allocate(Math.min(bodyLength, EAGER_BODY_BYTES));
        }
    }

    private boolean readBody(ByteBuffer src) throws FormatException {
        if (bodyLength == 0) {
            return finishBody();
        }
        if (bodyFilled == body.capacity()) {
            grow();
        }
        int n = (int) Math.min(src.remaining(), body.capacity() - bodyFilled);
        ByteBuffer part = src.slice();
        part.limit(n);
        body.setBytes(bodyFilled, part);
        src.position(src.position() + n);
        bodyFilled += n;
        position += n;
        if (bodyFilled == bodyLength) {
            return finishBody();
        }
        return false;
    }

    private void grow() throws FormatException {
        ArrowBuf full = pool.allocate(bodyLength);
        full.setBytes(0, body, 0, bodyFilled);
        body.close();
        body = full;
    }

    private boolean finishBody() {
        if (body != null) {
            body.writerIndex(bodyLength);
        }
        RawMessage m = new RawMessage(frameStart, message, metadataBuffer, body, position - frameStart);
        body = null;
        metadata = null;
        if (continuation && bodyLength > 0 && m.headerType() == MessageHeader.DictionaryBatch
                && (position - frameStart) % DICTIONARY_PADDING != 0) {
            ready = m;
            state = State.DICTIONARY_PADDING;
            return true;
        }
        ready = m;
        state = State.PREFIX;
        return true;
    }

    private boolean skipPadding(ByteBuffer src) {
        while (src.hasRemaining() && (position - frameStart) % DICTIONARY_PADDING != 0
                && src.get(src.position()) == 0) {
            src.get();
            position++;
        }
        if ((position - frameStart) % DICTIONARY_PADDING == 0 || src.hasRemaining()) {
            state = State.PREFIX;
        }
        return false;
    }

    @Override
    public void close() {
        if (body != null) {
            body.close();
            body = null;
        }
        if (ready != null) {
            ready.close();
            ready = null;
        }
    }
}
