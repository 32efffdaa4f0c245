package io.lightstream.io;

import io.lightstream.LightstreamException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The allocator a reader or writer owns: a child of the caller's allocator, or a root allocator of
 * its own, capped at the configured memory limit.
 */
public final class ReaderAllocators {
    private ReaderAllocators() {}

    /** A new allocator named {@code name}, child of {@code parent} when given. The caller closes it. */
    public static BufferAllocator create(BufferAllocator parent, String name, long limit) {
        if (parent == null) {
            return new RootAllocator(limit);
        }
        return parent.newChildAllocator(name, 0, Math.min(limit, parent.getLimit()));
    }

    /**
     * Closes an owned allocator, turning Arrow's leak error into one that says what the caller must
     * do: close the batches it still holds first.
     */
    public static void close(BufferAllocator allocator, String what) throws LightstreamException {
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            throw new LightstreamException(what + " closed while " + allocator.getAllocatedMemory()
                    + " bytes of its batches are still open; close every batch before the " + what, e);
        }
    }
}
