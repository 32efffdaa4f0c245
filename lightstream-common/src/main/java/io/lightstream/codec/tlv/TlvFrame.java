package io.lightstream.codec.tlv;

import org.apache.arrow.memory.ArrowBuf;

/**
 * One TLV frame: {@code [tag u8][length u32 LE][payload]}.
 *
 * <p>Owns one reference on {@code payload} (64-byte aligned Arrow memory) until {@link #close()}.
 *
 * @param tag the type tag, 0..255
 * @param payload the payload bytes, {@code payload.capacity()} long
 * @param offset byte offset of the frame header in its stream
 */
public record TlvFrame(int tag, ArrowBuf payload, long offset) implements AutoCloseable {
    /** Header size: one tag byte and a four-byte little-endian length. */
    public static final int HEADER_BYTES = 5;
    /** The largest length the header can express. */
    public static final long MAX_PAYLOAD = 0xFFFF_FFFFL;

    public long length() {
        return payload.capacity();
    }

    /** A copy of the payload bytes. */
    public byte[] payloadBytes() {
        byte[] out = new byte[(int) payload.capacity()];
        payload.getBytes(0, out);
        return out;
    }

    @Override
    public void close() {
        payload.close();
    }
}
