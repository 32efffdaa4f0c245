package io.lightstream.codec.ipc;

import io.lightstream.FormatException;
import io.lightstream.codec.DecodeLimits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Reads IPC messages out of Arrow memory that already holds them whole: a Lightstream table
 * payload, a block of an IPC file, a memory-mapped file. Bodies are slices of that memory (no
 * copy).
 *
 * <p>Not thread-safe. Does not own the buffer; each returned message holds its own reference on its
 * body slice.
 */
final class BufferMessageReader {
    private final ArrowBuf buf;
    private final long end;
    private final DecodeLimits limits;
    private final long baseOffset;
    private long position;
    private boolean endOfStream;

    /**
     * @param baseOffset offset of {@code start} in the enclosing stream or file, for error messages
     */
    BufferMessageReader(ArrowBuf buf, long start, long end, DecodeLimits limits, long baseOffset) {
        this.buf = buf;
        this.position = start;
        this.end = end;
        this.limits = limits;
        this.baseOffset = baseOffset - start;
    }

    /** Current position in the buffer. */
    long position() {
        return position;
    }

    boolean hasRemaining() {
        return position < end && !endOfStream;
    }

    boolean isEndOfStream() {
        return endOfStream;
    }

    /** The next message, or null at an end-of-stream marker or the end of the region. */
    RawMessage next() throws FormatException {
        if (!hasRemaining()) {
            return null;
        }
        long frameStart = position;
        long at = frameStart + baseOffset;
        need(4, frameStart, "IPC message prefix");
        int first = buf.getInt(position);
        boolean continuation = first == 0xFFFFFFFF;
        int size;
        if (continuation) {
            need(8, frameStart, "IPC message prefix");
            size = buf.getInt(position + 4);
            position += 8;
        } else {
            size = first;
            position += 4;
        }
        if (size == 0) {
            endOfStream = true;
            return null;
        }
        if (size < 0) {
            throw new FormatException("negative IPC metadata length " + size, at);
        }
        DecodeLimits.check("IPC metadata bytes", size, limits.maxMetadataBytes(), at);
        need(size, frameStart, "IPC message metadata");
        byte[] meta = new byte[size];
        buf.getBytes(position, meta);
        position += size;
        ByteBuffer mb = ByteBuffer.wrap(meta).order(ByteOrder.LITTLE_ENDIAN);
        Message message = MessageParser.message(mb, at);
        long bodyLength = message.bodyLength();
        DecodeLimits.check("IPC body bytes", bodyLength, limits.maxBodyBytes(), at);
        if (bodyLength > end - position) {
            throw new FormatException("truncated IPC frame: body of " + bodyLength + " bytes, "
                    + (end - position) + " left", at);
        }
        ArrowBuf body = null;
        if (bodyLength > 0) {
            body = buf.slice(position, bodyLength);
            body.getReferenceManager().retain();
        }
        position += bodyLength;
        long frameLength = position - frameStart;
        if (continuation && bodyLength > 0 && message.headerType() == MessageHeader.DictionaryBatch) {
            while (position < end && (position - frameStart) % 64 != 0 && buf.getByte(position) == 0) {
                position++;
            }
        }
        return new RawMessage(at, message, mb, body, frameLength);
    }

    private void need(long n, long frameStart, String what) throws FormatException {
        if (n > end - position) {
            throw new FormatException("truncated " + what + ": needs " + n + " bytes, " + (end - position) + " left",
                    frameStart + baseOffset);
        }
    }
}
