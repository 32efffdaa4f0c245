package io.lightstream.transport.internal;

import io.lightstream.LightstreamException;
import io.lightstream.TransportException;
import io.lightstream.codec.ByteSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.ReferenceManager;

/**
 * A {@link ByteSink} writing to a {@link Pipe}.
 *
 * <p>Small pieces (IPC metadata, padding, short buffers) are gathered into pooled direct buffers
 * of {@value #GATHER_BYTES} bytes; Arrow buffer ranges of at least {@value #ZERO_COPY_BYTES} bytes
 * are sent straight from Arrow memory: the sink retains the {@link ArrowBuf} and releases it when
 * the transport has taken the bytes. {@link #awaitSent()} waits for that, so a writer can return
 * to a caller who may then overwrite its vectors.
 *
 * <p>Backpressure: a write blocks the calling thread (never an event loop) while the channel holds
 * more than its high water mark, until the peer drains it, the pipe fails, or the stall timeout
 * passes.
 *
 * <p>Threading: one writer thread at a time; the pipe events arrive on the event loop.
 */
public final class PipeByteSink implements ByteSink, PipeEvents {
    static final int GATHER_BYTES = 64 * 1024;
    static final int ZERO_COPY_BYTES = 64 * 1024;
    private static final int MAX_CHUNK = 1 << 30;

    private final Pipe pipe;
    private final Channel channel;
    private final Duration stallTimeout;
    private final PipeEvents inbound;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong unsent = new AtomicLong();
    private ByteBuf gather;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile boolean peerEnded;
    private volatile boolean peerClosed;
    private long written;

    /**
     * @param stallTimeout fail a write that cannot progress for this long (zero: wait forever)
     * @param inbound receives what the peer sends back (bidirectional pipes), or null to discard it
     */
    public PipeByteSink(Pipe pipe, Duration stallTimeout, PipeEvents inbound) {
        this.pipe = pipe;
        this.channel = pipe.channel();
        this.stallTimeout = stallTimeout;
        this.inbound = inbound;
    }

    /** Starts listening to the pipe. */
    public PipeByteSink start() {
        pipe.attach(this);
        return this;
    }

    public Pipe pipe() {
        return pipe;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        checkOpen();
        int n = src.remaining();
        while (src.hasRemaining()) {
            if (gather == null) {
                gather = channel.alloc().directBuffer(GATHER_BYTES, GATHER_BYTES);
            }
            int take = Math.min(src.remaining(), gather.writableBytes());
            int limit = src.limit();
            src.limit(src.position() + take);
            gather.writeBytes(src);
            src.limit(limit);
            if (!gather.isWritable()) {
                sendGather();
            }
        }
        written += n;
    }

    @Override
    public void write(ArrowBuf buf, long index, long length) throws IOException {
        if (length < ZERO_COPY_BYTES) {
            write(buf.nioBuffer(index, (int) length));
            return;
        }
        checkOpen();
        sendGather();
        long done = 0;
        ReferenceManager rm = buf.getReferenceManager();
        while (done < length) {
            int chunk = (int) Math.min(length - done, MAX_CHUNK);
            // a view of the Arrow memory, not a copy; freed by nobody but the ArrowBuf's owner
            ByteBuf wrapped = Unpooled.wrappedBuffer(buf.nioBuffer(index + done, chunk));
            rm.retain();
            unsent.incrementAndGet();
            channel.writeAndFlush(wrapped).addListener((ChannelFutureListener) f -> {
                rm.release();
                if (!f.isSuccess()) {
                    recordFailure(f.cause());
                }
                if (unsent.decrementAndGet() == 0) {
                    signal();
                }
            });
            done += chunk;
            awaitWritable();
        }
        written += length;
    }

    /** Sends what is gathered. With nothing buffered it succeeds even after a clean close. */
    @Override
    public void flush() throws IOException {
        if (gather == null || !gather.isReadable()) {
            throwIfFailed();
            return;
        }
        checkOpen();
        sendGather();
        channel.flush();
    }

    /**
     * Flushes and waits until every write has been taken by the transport: the Arrow buffer ranges
     * (so the caller may overwrite them) and the gathered bytes (so that ending the output cannot cut
     * off a write still queued: Netty fails queued writes when the output shuts down).
     */
    public void awaitSent() throws IOException {
        flush();
        long deadline = deadline();
        lock.lock();
        try {
            while (unsent.get() > 0) {
                throwIfFailed();
                if (peerClosed) {
                    throw closedError();
                }
                awaitUntil(deadline, "the peer stopped reading");
            }
        } finally {
            lock.unlock();
        }
        throwIfFailed();
    }

    /**
     * After a failed write: closes the connection, which fails every write still queued, and waits up
     * to {@code timeout} until the transport has let go of every Arrow buffer range handed to it. The
     * caller may then free the memory of the batch whose write failed (and close its allocator)
     * without the transport still holding a reference to it.
     */
    public void abandon(Duration timeout) {
        channel.close();
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (unsent.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * After this side ended its output: waits up to {@code timeout} for the peer to close the
     * connection, which it does once it has taken everything, so that closing here cannot cut off
     * data still in flight (a reset would make the peer drop what it has not read yet). Returns
     * whether it did.
     */
    public boolean awaitPeerDone(Duration timeout) {
        return pipe.connectionChannel().closeFuture().awaitUninterruptibly(timeout.toMillis());
    }

    /** Bytes accepted so far. */
    public long bytesWritten() {
        return written;
    }

    private void sendGather() throws IOException {
        if (gather == null || !gather.isReadable()) {
            return;
        }
        ByteBuf b = gather;
        gather = null;
        unsent.incrementAndGet();
        channel.writeAndFlush(b).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                recordFailure(f.cause());
            }
            if (unsent.decrementAndGet() == 0) {
                signal();
            }
        });
        awaitWritable();
    }

    private void awaitWritable() throws IOException {
        if (channel.isWritable()) {
            throwIfFailed();
            return;
        }
        long deadline = deadline();
        lock.lock();
        try {
            while (!channel.isWritable()) {
                throwIfFailed();
                if (!channel.isActive() || peerClosed) {
                    throw closedError();
                }
                awaitUntil(deadline, "the peer stopped reading");
            }
        } finally {
            lock.unlock();
        }
        throwIfFailed();
    }

    private long deadline() {
        return stallTimeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + stallTimeout.toNanos();
    }

    private void awaitUntil(long deadline, String what) throws IOException {
        try {
            if (deadline == Long.MAX_VALUE) {
                changed.await(1, TimeUnit.SECONDS);
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                TransportException e = new TransportException(pipe.transport(), pipe.address(), "write stalled for "
                        + stallTimeout.toMillis() + " ms: " + what);
                recordFailure(e);
                channel.close();
                throw e;
            }
            changed.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new TransportException(pipe.transport(), pipe.address(), "interrupted while writing", ie);
        }
    }

    private void checkOpen() throws IOException {
        throwIfFailed();
        if (closed) {
            throw new TransportException(pipe.transport(), pipe.address(), "writer is closed");
        }
        if (peerClosed) {
            throw closedError();
        }
    }

    private void throwIfFailed() throws IOException {
        Throwable f = failure;
        if (f != null) {
            LightstreamException e = Failures.of(pipe.transport(), pipe.address(), "write failed", f);
            throw e;
        }
    }

    private TransportException closedError() {
        return new TransportException(pipe.transport(), pipe.address(), peerEnded
                ? "the peer closed the connection while data was still being written"
                : "connection closed while writing");
    }

    private void recordFailure(Throwable t) {
        if (failure == null) {
            failure = t;
        }
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Releases a partly filled gather buffer; does not close the pipe. */
    public void discard() {
        closed = true;
        if (gather != null) {
            gather.release();
            gather = null;
        }
    }

    // ---- pipe events (event loop) ----

    @Override
    public void onData(ByteBuf data) {
        if (inbound != null) {
            inbound.onData(data);
        } else {
            data.release();
        }
    }

    @Override
    public void onInputEnd() {
        peerEnded = true;
        if (inbound != null) {
            inbound.onInputEnd();
        }
        signal();
    }

    @Override
    public void onFailure(Throwable cause) {
        recordFailure(cause);
        if (inbound != null) {
            inbound.onFailure(cause);
        }
    }

    @Override
    public void onClosed() {
        peerClosed = true;
        if (inbound != null) {
            inbound.onClosed();
        }
        signal();
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        signal();
    }
}
