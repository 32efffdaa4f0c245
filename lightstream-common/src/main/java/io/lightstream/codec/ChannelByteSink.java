package io.lightstream.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A {@link ByteSink} over a blocking {@link WritableByteChannel} (file, pipe, socket). Small writes
 * (metadata, padding) are gathered in a direct buffer; large column buffers go to the channel
 * straight from Arrow memory, without a copy.
 *
 * <p>Not thread-safe. Does not close the channel.
 */
public final class ChannelByteSink implements ByteSink {
    private static final int GATHER_BYTES = 64 * 1024;
    private static final int DIRECT_THRESHOLD = 16 * 1024;

    private final WritableByteChannel channel;
    private final ByteBuffer gather = ByteBuffer.allocateDirect(GATHER_BYTES);
    private long written;

    public ChannelByteSink(WritableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (n >= DIRECT_THRESHOLD) {
            drainGather();
            writeFully(src);
        } else {
            if (gather.remaining() < n) {
                drainGather();
            }
            gather.put(src);
        }
        written += n;
    }

    @Override
    public void write(ArrowBuf buf, long index, long length) throws IOException {
        if (length < DIRECT_THRESHOLD) {
            write(buf.nioBuffer(index, (int) length));
            return;
        }
        drainGather();
        long done = 0;
        while (done < length) {
            int chunk = (int) Math.min(length - done, 1 << 30);
            writeFully(buf.nioBuffer(index + done, chunk));
            done += chunk;
        }
        written += length;
    }

    @Override
    public void flush() throws IOException {
        drainGather();
    }

    /** Bytes accepted so far. */
    public long bytesWritten() {
        return written;
    }

    private void drainGather() throws IOException {
        if (gather.position() > 0) {
            gather.flip();
            writeFully(gather);
            gather.clear();
        }
    }

    private void writeFully(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            channel.write(src);
        }
    }
}
