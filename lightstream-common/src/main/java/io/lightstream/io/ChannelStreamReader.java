package io.lightstream.io;

import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamReader;
import io.lightstream.TransportException;
import io.lightstream.codec.StreamDecoder;
import io.lightstream.codec.ipc.IpcStreamDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link LightstreamReader} pulling bytes from a blocking channel (a file, a pipe, a blocking
 * socket) into a {@link StreamDecoder}. Large IPC bodies are read straight into their Arrow
 * buffers.
 *
 * <p>Threading and ownership as in {@link LightstreamReader}. Owns the channel, the decoder and
 * the allocator, all released by {@link #close()}.
 */
public final class ChannelStreamReader implements LightstreamReader {
    private static final int CHUNK = 256 * 1024;
    private static final int DIRECT_MIN = 64 * 1024;

    private final ReadableByteChannel channel;
    private final StreamDecoder decoder;
    private final AllocatorLease lease;
    private final String transport;
    private final String address;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
    private boolean ended;
    private boolean closed;

    /**
     * @param allocator the allocator the decoder allocates from; owned, and closed once this reader
     *     and every batch it returned are closed
     * @param transport transport name for errors ({@code file}, {@code stdio}, {@code tcp})
     * @param address path or address for errors
     */
    public ChannelStreamReader(ReadableByteChannel channel, StreamDecoder decoder, BufferAllocator allocator,
            String transport, String address) {
        this.channel = channel;
        this.decoder = decoder;
        this.lease = new AllocatorLease(allocator);
        this.transport = transport;
        this.address = address;
    }

    @Override
    public Schema schema() throws IOException {
        while (decoder.schema() == null && !ended) {
            pull();
        }
        return decoder.schema();
    }

    @Override
    public Item read() throws IOException {
        while (true) {
            Item item = decoder.poll();
            if (item instanceof io.lightstream.Batch b) {
                return lease.track(b);
            }
            if (item != null) {
                return item;
            }
            if (ended) {
                return null;
            }
            pull();
        }
    }

    private void pull() throws IOException {
        if (closed) {
            throw new LightstreamException("reader of " + address + " is closed");
        }
        if (decoder.isEndOfStream()) {
            ended = true;
            return;
        }
        if (decoder instanceof IpcStreamDecoder ipc) {
            ByteBuffer window = ipc.directWindow(DIRECT_MIN);
            if (window != null) {
                int n = readFrom(window);
                if (n < 0) {
                    endOfInput();
                } else {
                    ipc.advance(n);
                }
                return;
            }
        }
        chunk.clear();
        int n = readFrom(chunk);
        if (n < 0) {
            endOfInput();
            return;
        }
        chunk.flip();
        decoder.feed(chunk);
    }

    private int readFrom(ByteBuffer dst) throws IOException {
        try {
            return channel.read(dst);
        } catch (IOException e) {
            if (closed) {
                throw new LightstreamException("reader of " + address + " was closed during a read", e);
            }
            throw new TransportException(transport, address, "read failed: " + e.getMessage(), e);
        }
    }

    private void endOfInput() throws LightstreamException {
        ended = true;
        decoder.finish();
    }

    @Override
    public long bytesRead() {
        return decoder.bytesConsumed();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } finally {
            decoder.close();
            lease.release();
        }
    }
}
