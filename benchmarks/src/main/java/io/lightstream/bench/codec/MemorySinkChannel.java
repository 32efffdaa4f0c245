package io.lightstream.bench.codec;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A channel that copies what it is given into one reusable direct buffer: the cheapest real
 * destination, so that encoders are measured by what they do, plus exactly one copy of every byte.
 */
final class MemorySinkChannel implements WritableByteChannel {
    private final ByteBuffer target;

    MemorySinkChannel(int capacity) {
        target = ByteBuffer.allocateDirect(capacity);
    }

    void reset() {
        target.clear();
    }

    long written() {
        return target.position();
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        target.put(src);
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {}
}
