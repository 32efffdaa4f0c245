package io.lightstream.format;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The Arrow allocator a format reader fills its batches from: a child of the caller's allocator
 * capped at the configured memory limit, or, when the caller gave none, a root allocator the
 * reader owns.
 *
 * <p>Closing releases the child (and the owned root). Arrow refuses to close an allocator that
 * still has buffers outstanding, so batches handed out must be closed first: that is what turns a
 * leaked batch into a visible error instead of silent growth.
 */
public final class ReaderAllocator {
    private ReaderAllocator() {}

    /**
     * Opens the allocator for one reader.
     *
     * @param parent the caller's allocator, or null for an owned root
     * @param limit bytes the reader and its live batches may hold
     * @param name allocator name, shown in Arrow's leak reports
     */
    public static BufferAllocator open(BufferAllocator parent, long limit, String name) {
        if (parent != null) {
            return parent.newChildAllocator(name, 0, limit);
        }
        return new RootAllocator(limit);
    }
}
