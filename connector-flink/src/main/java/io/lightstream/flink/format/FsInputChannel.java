package io.lightstream.flink.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * A read-only {@link FileChannel} over a Flink {@link FSDataInputStream}, so that the random-access
 * IPC file reader of lightstream-common, which reads through positional channel reads, works on
 * every file system Flink supports (HDFS, S3, ...), not only on local files.
 *
 * <p>Memory mapping, locking and writing are not supported. Positional reads seek the stream; the
 * channel is safe for use by several threads (calls are serialised). Closing it closes the stream.
 */
final class FsInputChannel extends FileChannel {
    private static final int CHUNK = 64 * 1024;

    private final FSDataInputStream in;
    private final long size;
    private final String path;
    private final byte[] chunk = new byte[CHUNK];
    private long position;

    /**
     * @param in the open stream, owned from now on
     * @param size the file's length
     * @param path the file, for error messages
     */
    FsInputChannel(FSDataInputStream in, long size, String path) {
        this.in = in;
        this.size = size;
        this.path = path;
    }

    @Override
    public synchronized int read(ByteBuffer dst, long at) throws IOException {
        ensureOpen();
        if (at < 0) {
            throw new IllegalArgumentException("negative position " + at + " in " + path);
        }
        if (at >= size) {
            return -1;
        }
        int want = (int) Math.min(dst.remaining(), size - at);
        if (want == 0) {
            return 0;
        }
        in.seek(at);
        int done = 0;
        while (done < want) {
            int n = in.read(chunk, 0, Math.min(CHUNK, want - done));
            if (n < 0) {
                break;
            }
            dst.put(chunk, 0, n);
            done += n;
        }
        return done == 0 ? -1 : done;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, CHUNK));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = read(buffer, at + done);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
        return done;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // Nothing is ever written.
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long length) {
        throw new UnsupportedOperationException("memory mapping needs a local file; " + path + " is not one");
    }

    @Override
    public FileLock lock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("locking " + path + " is not supported");
    }

    @Override
    public FileLock tryLock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("locking " + path + " is not supported");
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }

    @Override
    protected void implCloseChannel() throws IOException {
        in.close();
    }
}
