package io.lightstream.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Destination of encoded bytes: a file, a pipe, a socket, or memory.
 *
 * <p>Encoders hand over metadata as {@link ByteBuffer}s and column data as {@link ArrowBuf} ranges,
 * so that a sink able to send Arrow memory without a copy (a network transport) can do so.
 *
 * <p><b>Ownership:</b> a sink never keeps a reference to what it is given beyond the call unless it
 * retains it explicitly (an {@code ArrowBuf} through its reference manager); callers may reuse or
 * release the source once the call returns. Not thread-safe.
 */
public interface ByteSink {

    /** Writes all remaining bytes of {@code src}, advancing its position. May block. */
    void write(ByteBuffer src) throws IOException;

    /** Writes {@code length} bytes of {@code buf} starting at {@code index}. May block. */
    default void write(ArrowBuf buf, long index, long length) throws IOException {
        long done = 0;
        while (done < length) {
            int chunk = (int) Math.min(length - done, 1 << 30);
            write(buf.nioBuffer(index + done, chunk));
            done += chunk;
        }
    }

    /** Writes {@code n} zero bytes (padding). */
    default void writeZeros(int n) throws IOException {
        if (n > 0) {
            write(Zeros.slice(n));
        }
    }

    /** Pushes buffered bytes towards the destination. */
    void flush() throws IOException;

    /** A shared read-only run of zero bytes for padding. */
    final class Zeros {
        private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(4096).asReadOnlyBuffer();

        private Zeros() {}

        /** A fresh view of {@code n} zero bytes, {@code n <= 4096}. */
        public static ByteBuffer slice(int n) {
            if (n > ZEROS.capacity()) {
                throw new IllegalArgumentException("at most " + ZEROS.capacity() + " zero bytes at once, got " + n);
            }
            return ZEROS.duplicate().limit(n);
        }
    }
}
