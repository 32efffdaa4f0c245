package io.lightstream.codec;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * A read-only memory-mapped region of a file, wrapped as Arrow memory, so that vectors can point
 * straight into the page cache. The mapping is released when the last reference to the returned
 * buffer is released.
 *
 * <p>Thread-safe (stateless); the returned buffers follow Arrow's reference counting.
 */
public final class MappedRegion extends ForeignAllocation {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method cleaner = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            cleaner = c.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without it, mappings are released when the garbage collector reclaims them.
            unsafe = null;
            cleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
    }

    private final MappedByteBuffer mapping;

    private MappedRegion(MappedByteBuffer mapping, long address, long size) {
        super(size, address);
        this.mapping = mapping;
    }

    /**
     * Maps {@code length} bytes of {@code channel} from {@code offset} (at most 2 GiB) and returns
     * them as an Arrow buffer owned by the caller.
     */
    public static ArrowBuf map(FileChannel channel, long offset, long length, BufferAllocator allocator)
            throws IOException {
        if (length > Integer.MAX_VALUE) {
            throw new IOException("cannot map " + length + " bytes at once (2 GiB at most)");
        }
        // Read-only: decoding never writes into the buffers it loads (see BatchLoader).
        MappedByteBuffer mbb = channel.map(FileChannel.MapMode.READ_ONLY, offset, length);
        long address = MemoryUtil.getByteBufferAddress(mbb);
        MappedRegion region = new MappedRegion(mbb, address, length);
        try {
            return allocator.wrapForeignAllocation(region);
        } catch (RuntimeException e) {
            region.release0();
            throw e;
        }
    }

    @Override
    protected void release0() {
        if (INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, mapping);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // The mapping then lives until the garbage collector reclaims the buffer object.
            }
        }
    }
}
