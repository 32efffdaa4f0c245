package io.lightstream.codec.ipc;

import io.lightstream.codec.Alignment;
import io.lightstream.codec.ByteSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;

/**
 * One encoded IPC message ready to be written: its metadata and the Arrow memory of its body,
 * laid out but not yet copied anywhere.
 *
 * <pre>
 * [FF FF FF FF][metadataSize u32 LE][flatbuffer][pad] [buffer 0][pad] [buffer 1][pad] ...
 * </pre>
 *
 * <p>Knowing the exact {@link #frameLength()} before writing lets a Lightstream TLV frame carry
 * the payload length in its header without staging the payload.
 *
 * <p><b>Ownership:</b> holds references on the Arrow buffers of its body (retained vector buffers,
 * compressed copies) until {@link #close()}. Not thread-safe.
 */
public final class EncodedMessage implements AutoCloseable {
    /** A run of body bytes: an optional 8-byte prefix (compression length), a buffer range, then padding. */
    record Part(long prefix, boolean hasPrefix, ArrowBuf buf, long index, long length, int padding) {
        long size() {
            return (hasPrefix ? 8 : 0) + length + padding;
        }
    }

    private final byte[] metadata;
    private final int metadataPadding;
    private final List<Part> parts;
    private final long bodyLength;
    private final int trailingPadding;
    private final List<ArrowBuf> owned;
    private boolean closed;

    EncodedMessage(byte[] metadata, int metadataPadding, List<Part> parts, long bodyLength, int trailingPadding,
            List<ArrowBuf> owned) {
        this.metadata = metadata;
        this.metadataPadding = metadataPadding;
        this.parts = parts;
        this.bodyLength = bodyLength;
        this.trailingPadding = trailingPadding;
        this.owned = owned;
    }

    /** A message with no body (schema). */
    static EncodedMessage metadataOnly(ByteBuffer flatbuffer, long position, Alignment alignment) {
        byte[] meta = new byte[flatbuffer.remaining()];
        flatbuffer.get(meta);
        int pad = alignment.padding(position + 8 + meta.length);
        return new EncodedMessage(meta, pad, List.of(), 0, 0, new ArrayList<>());
    }

    /** Bytes of the continuation marker, length word, flatbuffer and its padding. */
    public int metadataLength() {
        return 8 + metadata.length + metadataPadding;
    }

    /** The {@code bodyLength} written in the metadata. */
    public long bodyLength() {
        return bodyLength;
    }

    /** Total bytes this message occupies when written. */
    public long frameLength() {
        return metadataLength() + bodyLength + trailingPadding;
    }

    /** Writes the whole frame. The message stays valid and may be written again. */
    public void writeTo(ByteSink sink) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(0xFFFFFFFF).putInt(metadata.length + metadataPadding).flip();
        sink.write(head);
        sink.write(ByteBuffer.wrap(metadata));
        sink.writeZeros(metadataPadding);
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (Part p : parts) {
            if (p.hasPrefix()) {
                prefix.clear();
                prefix.putLong(p.prefix()).flip();
                sink.write(prefix);
            }
            if (p.length() > 0) {
                sink.write(p.buf(), p.index(), p.length());
            }
            writeZeros(sink, p.padding());
        }
        writeZeros(sink, trailingPadding);
    }

    private static void writeZeros(ByteSink sink, int n) throws IOException {
        while (n > 0) {
            int chunk = Math.min(n, 4096);
            sink.writeZeros(chunk);
            n -= chunk;
        }
    }

    /** Releases the body buffers. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ArrowBuf b : owned) {
            b.close();
        }
        owned.clear();
    }
}
