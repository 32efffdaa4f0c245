package io.lightstream.io;

import io.lightstream.Item;
import io.lightstream.LightstreamReader;
import io.lightstream.codec.ipc.IpcFileReader;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads the batches of an Arrow IPC file in order, as a {@link LightstreamReader}. For random
 * access use {@link #file()}.
 *
 * <p>Threading and ownership as in {@link LightstreamReader}; owns the file reader and the
 * allocator.
 */
public final class IpcFileBatchReader implements LightstreamReader {
    private final IpcFileReader file;
    private final AllocatorLease lease;
    private int next;
    private long bytes;

    public IpcFileBatchReader(IpcFileReader file, BufferAllocator allocator) {
        this.file = file;
        this.lease = new AllocatorLease(allocator);
    }

    /** The underlying random-access reader. */
    public IpcFileReader file() {
        return file;
    }

    @Override
    public Schema schema() {
        return file.schema();
    }

    @Override
    public Item read() throws IOException {
        if (next >= file.batchCount()) {
            return null;
        }
        io.lightstream.Batch b = file.readBatch(next++);
        bytes += b.encodedBytes();
        return lease.track(b);
    }

    @Override
    public long bytesRead() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        try {
            file.close();
        } finally {
            lease.release();
        }
    }
}
