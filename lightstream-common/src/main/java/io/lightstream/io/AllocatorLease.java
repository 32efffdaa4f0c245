package io.lightstream.io;

import io.lightstream.Batch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Keeps a reader's allocator open until both the reader and every batch it handed out are closed,
 * so that callers may keep batches after closing the reader.
 *
 * <p>Thread-safe: batches may be closed on any thread.
 */
public final class AllocatorLease {
    private final BufferAllocator allocator;
    private final AtomicInteger holders = new AtomicInteger(1);

    /** Takes ownership of {@code allocator}; the owner holds the first reference. */
    public AllocatorLease(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    public BufferAllocator allocator() {
        return allocator;
    }

    /** Makes {@code batch} hold the allocator until it is closed; returns the batch. */
    public Batch track(Batch batch) {
        holders.incrementAndGet();
        boolean[] released = {false};
        return batch.attach(() -> {
            synchronized (released) {
                if (released[0]) {
                    return;
                }
                released[0] = true;
            }
            release();
        });
    }

    /** Releases the owner's reference (call once, when the reader closes). */
    public void release() {
        if (holders.decrementAndGet() == 0) {
            allocator.close();
        }
    }
}
