package io.lightstream.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable in-memory {@link ByteSink}. Not thread-safe. */
public final class ByteArraySink implements ByteSink {
    private byte[] bytes;
    private int size;

    public ByteArraySink() {
        this(256);
    }

    public ByteArraySink(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    @Override
    public void write(ByteBuffer src) {
        int n = src.remaining();
        ensure(n);
        src.get(bytes, size, n);
        size += n;
    }

    @Override
    public void writeZeros(int n) {
        ensure(n);
        Arrays.fill(bytes, size, size + n, (byte) 0);
        size += n;
    }

    @Override
    public void flush() {}

    public int size() {
        return size;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Forgets everything written, keeping the capacity. */
    public void reset() {
        size = 0;
    }

    private void ensure(int n) {
        long needed = (long) size + n;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("in-memory sink cannot hold more than 2 GiB");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length)));
        }
    }
}
