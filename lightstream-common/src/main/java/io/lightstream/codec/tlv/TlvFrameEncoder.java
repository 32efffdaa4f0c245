package io.lightstream.codec.tlv;

import io.lightstream.ProtocolException;
import io.lightstream.codec.ByteSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes TLV frame headers and whole frames: {@code [tag u8][length u32 LE][payload]}. No alignment
 * or padding; the payload follows the header directly.
 *
 * <p>Not thread-safe (reuses a header buffer).
 */
public final class TlvFrameEncoder {
    private final ByteBuffer header = ByteBuffer.allocate(TlvFrame.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * Writes a header announcing {@code length} payload bytes, which the caller writes next.
     *
     * @throws ProtocolException the tag is outside 0..255 or the length does not fit 32 bits
     */
    public void writeHeader(ByteSink sink, int tag, long length) throws IOException {
        if (tag < 0 || tag > 255) {
            throw new ProtocolException("TLV tag must be 0..255, got " + tag);
        }
        if (length < 0 || length > TlvFrame.MAX_PAYLOAD) {
            throw new ProtocolException("TLV payload of " + length + " bytes does not fit the 32-bit length field;"
                    + " split the table into smaller batches");
        }
        header.clear();
        header.put((byte) tag).putInt((int) length).flip();
        sink.write(header);
    }

    /** Writes a whole frame. */
    public void write(ByteSink sink, int tag, byte[] payload) throws IOException {
        writeHeader(sink, tag, payload.length);
        sink.write(ByteBuffer.wrap(payload));
    }
}
