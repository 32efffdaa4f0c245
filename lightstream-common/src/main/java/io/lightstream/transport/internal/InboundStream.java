package io.lightstream.transport.internal;

import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.TransportException;
import io.lightstream.codec.StreamDecoder;
import io.lightstream.codec.ipc.IpcStreamDecoder;
import io.lightstream.protocol.LightstreamDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One pipe being decoded: the event loop feeds arriving bytes to a {@link StreamDecoder} and puts
 * the decoded items in a bounded queue; a consumer thread takes them out.
 *
 * <p>Backpressure: when the queue holds {@code capacity} items the pipe stops reading (Netty
 * auto-read off), which lets TCP, HTTP/2 and QUIC flow control stop the peer; taking an item
 * resumes reading. At most one read's worth of items beyond the capacity is ever queued.
 *
 * <p>Direct receive: on a plain socket (see {@link DirectReceiveAllocator}) the bytes of a large
 * message body or frame payload are read by the kernel straight into the decoder's aligned Arrow
 * memory, so they are copied only by the kernel; ordinary reads are then kept small, so that they end
 * near the start of the next large body instead of copying part of it.
 *
 * <p>Threading: the {@link PipeEvents} methods run on the event loop; {@link #take}, {@link
 * #schema} and {@link #close} on consumer threads. Decoded batches belong to whoever takes them.
 */
public final class InboundStream implements PipeEvents, DirectReceiveAllocator.Receiver {
    /** Smallest part of a body worth a read of its own, straight into Arrow memory. */
    static final int DIRECT_MIN_BYTES = 64 * 1024;
    /**
     * Ordinary read size while large bodies are arriving: enough for the message header and metadata
     * of a wide batch, little enough that copying the start of the body that follows costs nothing.
     */
    static final int HEADER_READ_BYTES = 16 * 1024;

    private final Pipe pipe;
    private final StreamDecoder decoder;
    private final int capacity;
    private final Duration readTimeout;
    private final boolean closeWhenInputEnds;
    private final int prefixBytes;
    /** The decoder's direct-read fast path, or null when it has none. */
    private final DirectWindows direct;

    /** Guards the decoder: the event loop feeds it, a closing consumer releases it. */
    private final Object decoderLock = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final byte[] prefix;
    private int prefixRead;
    private boolean prefixDone;
    private boolean ended;
    private LightstreamException failure;
    private boolean paused;
    private boolean resumeScheduled;
    private boolean closed;
    private Schema schema;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long bytesReceived;
    // direct receive state; event loop only
    private ByteBuf window;
    private boolean windowBody;
    private boolean headerReads;

    /**
     * @param pipe the pipe; this stream attaches to it
     * @param decoder decodes the bytes after the prefix; owned by this stream from now on
     * @param capacity items queued before reading pauses
     * @param readTimeout fail a waiting {@link #take} when nothing arrived for this long (zero: never)
     * @param closeWhenInputEnds close the pipe once the peer's output ended (read-only pipes)
     * @param prefixBytes bytes before the decoded stream that the consumer reads with {@link #prefix()}
     *     (the connection index of parallel Lightstream connections), 0 for none
     */
    public InboundStream(Pipe pipe, StreamDecoder decoder, int capacity, Duration readTimeout,
            boolean closeWhenInputEnds, int prefixBytes) {
        this.pipe = pipe;
        this.decoder = decoder;
        this.capacity = capacity;
        this.readTimeout = readTimeout;
        this.closeWhenInputEnds = closeWhenInputEnds;
        this.prefixBytes = prefixBytes;
        this.prefix = new byte[prefixBytes];
        this.prefixDone = prefixBytes == 0;
        this.direct = DirectWindows.of(decoder);
        // start with header-sized reads: the first batch's body is then received in place too
        this.headerReads = direct != null;
    }

    /** The direct-read methods that {@link IpcStreamDecoder} and {@link LightstreamDecoder} share. */
    private interface DirectWindows {
        ByteBuffer window(int minBytes);

        void advance(int n) throws LightstreamException;

        static DirectWindows of(StreamDecoder d) {
            if (d instanceof IpcStreamDecoder ipc) {
                return new DirectWindows() {
                    @Override
                    public ByteBuffer window(int minBytes) {
                        return ipc.directWindow(minBytes);
                    }

                    @Override
                    public void advance(int n) throws LightstreamException {
                        ipc.advance(n);
                    }
                };
            }
            if (d instanceof LightstreamDecoder ls) {
                return new DirectWindows() {
                    @Override
                    public ByteBuffer window(int minBytes) {
                        return ls.directWindow(minBytes);
                    }

                    @Override
                    public void advance(int n) throws LightstreamException {
                        ls.advance(n);
                    }
                };
            }
            return null;
        }
    }

    /** Starts reading. */
    public InboundStream start() {
        pipe.attach(this);
        return this;
    }

    public Pipe pipe() {
        return pipe;
    }

    // ---- event loop side ----

    @Override
    public ByteBuf receiveWindow() {
        window = null;
        if (direct == null || !prefixDone) {
            return null;
        }
        synchronized (decoderLock) {
            if (closed || failureOrEnded()) {
                return null;
            }
            // once inside a large body, read right up to its end (and no further) through windows
            ByteBuffer w = direct.window(windowBody ? 1 : DIRECT_MIN_BYTES);
            if (w == null) {
                return null;
            }
            windowBody = true;
            headerReads = true;
            // a view of the decoder's Arrow memory, emptied so that the read fills it from its start
            window = Unpooled.wrappedBuffer(w).clear();
            return window;
        }
    }

    @Override
    public int readCap() {
        return headerReads ? HEADER_READ_BYTES : 0;
    }

    @Override
    public void onData(ByteBuf data) {
        if (data == window && window != null) {
            onWindowFilled(data);
            return;
        }
        try {
            lastActivityNanos = System.nanoTime();
            int n = data.readableBytes();
            bytesReceived += n;
            synchronized (decoderLock) {
                if (closed || failureOrEnded()) {
                    return;
                }
                if (!prefixDone) {
                    int take = Math.min(prefixBytes - prefixRead, data.readableBytes());
                    data.readBytes(prefix, prefixRead, take);
                    prefixRead += take;
                    if (prefixRead == prefixBytes) {
                        prefixDone = true;
                        signal();
                    }
                }
                if (data.isReadable()) {
                    if (data.nioBufferCount() == 1) {
                        decoder.feed(data.nioBuffer());
                    } else {
                        for (ByteBuffer b : data.nioBuffers()) {
                            decoder.feed(b);
                        }
                    }
                }
                if (direct != null && prefixDone) {
                    // small header reads while large bodies follow one another; back to full-size
                    // reads when a whole header read held no large body (small batches)
                    if (direct.window(DIRECT_MIN_BYTES) != null) {
                        headerReads = true;
                    } else if (n >= HEADER_READ_BYTES) {
                        headerReads = false;
                    }
                }
                drainDecoder();
            }
        } catch (LightstreamException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new TransportException(pipe.transport(), pipe.address(), "decoding failed: " + e, e));
        } finally {
            data.release();
        }
    }

    /** A read went straight into the decoder's memory: account for it, nothing to copy. */
    private void onWindowFilled(ByteBuf data) {
        window = null;
        try {
            lastActivityNanos = System.nanoTime();
            int n = data.readableBytes();
            bytesReceived += n;
            synchronized (decoderLock) {
                if (closed || failureOrEnded()) {
                    return;
                }
                direct.advance(n);
                if (direct.window(1) == null) {
                    windowBody = false;
                }
                drainDecoder();
            }
        } catch (LightstreamException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new TransportException(pipe.transport(), pipe.address(), "decoding failed: " + e, e));
        } finally {
            // releases the view only; the memory belongs to the decoder
            data.release();
        }
    }

    private boolean failureOrEnded() {
        lock.lock();
        try {
            return failure != null || ended;
        } finally {
            lock.unlock();
        }
    }

    /** Moves decoded items to the queue; pauses the pipe when the queue is full. Holds decoderLock. */
    private void drainDecoder() {
        Item item;
        lock.lock();
        try {
            if (schema == null) {
                schema = decoder.schema();
            }
            while ((item = decoder.poll()) != null) {
                queue.add(item);
                if (schema == null) {
                    schema = decoder.schema();
                }
            }
            if (queue.size() >= capacity && !paused) {
                paused = true;
                pipe.pauseReading();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onInputEnd() {
        endOfInput("the peer ended the stream");
    }

    private void endOfInput(String how) {
        synchronized (decoderLock) {
            if (closed || failureOrEnded()) {
                return;
            }
            if (!prefixDone) {
                fail(new TransportException(pipe.transport(), pipe.address(), how + " before sending its "
                        + prefixBytes + "-byte connection header"));
                return;
            }
            try {
                decoder.finish();
            } catch (LightstreamException e) {
                fail(new TransportException(pipe.transport(), pipe.address(), how + " in the middle of a frame after "
                        + decoder.bytesConsumed() + " bytes: " + e.getMessage(), e));
                return;
            }
            drainDecoder();
        }
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (closeWhenInputEnds) {
            // answer the peer's end with ours (WebSocket close reply, end of the HTTP/2 response),
            // then let go of the connection: the writer waits for exactly that before closing
            pipe.endOutput().addListener(f -> pipe.disconnect());
        }
    }

    @Override
    public void onFailure(Throwable cause) {
        fail(Failures.of(pipe.transport(), pipe.address(), "read failed", cause));
    }

    @Override
    public void onClosed() {
        // A close without a clean end: TCP without half-close delivers only this. The decoder knows
        // whether the stream was complete.
        endOfInput("the connection closed");
    }

    private void fail(LightstreamException e) {
        lock.lock();
        try {
            if (failure == null && !ended) {
                failure = e;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        pipe.channel().close();
    }

    /** Event loop: reads again if the queue still has room. */
    private void resumeIfRoom() {
        lock.lock();
        try {
            resumeScheduled = false;
            if (!paused || queue.size() >= capacity) {
                return;
            }
            paused = false;
        } finally {
            lock.unlock();
        }
        pipe.resumeReading();
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- consumer side ----

    /**
     * The next item, blocking; null once the stream ended cleanly.
     *
     * @throws LightstreamException the stream failed, or the read timeout passed with nothing arriving
     */
    public Item take() throws LightstreamException {
        lock.lock();
        try {
            while (true) {
                Item item = queue.poll();
                if (item != null) {
                    if (paused && queue.size() < capacity && !resumeScheduled) {
                        // decided again on the event loop, where pausing is decided too: a resume
                        // switched on from here could land after a newer pause and undo it
                        resumeScheduled = true;
                        pipe.channel().eventLoop().execute(this::resumeIfRoom);
                    }
                    return item;
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return null;
                }
                if (closed) {
                    throw new TransportException(pipe.transport(), pipe.address(), "reader is closed");
                }
                awaitChange();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #take} would return at once (an item, the end, or a failure). */
    public boolean hasNext() {
        lock.lock();
        try {
            return !queue.isEmpty() || failure != null || ended || closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the first item or the end without taking it.
     *
     * @return the first item, or null when the stream ended (or failed) without one
     */
    public Item peek() throws LightstreamException {
        lock.lock();
        try {
            while (queue.isEmpty() && failure == null && !ended && !closed) {
                awaitChange();
            }
            return queue.peek();
        } finally {
            lock.unlock();
        }
    }

    /** The stream's schema, waiting for it; null if the stream ended before one. */
    public Schema schema() throws LightstreamException {
        lock.lock();
        try {
            while (schema == null && queue.isEmpty() && failure == null && !ended && !closed) {
                awaitChange();
            }
            if (schema == null && failure != null) {
                throw failure;
            }
            return schema;
        } finally {
            lock.unlock();
        }
    }

    /** The connection header bytes, waiting for them. */
    public byte[] prefix() throws LightstreamException {
        lock.lock();
        try {
            while (!prefixDone && failure == null && !ended && !closed) {
                awaitChange();
            }
            if (!prefixDone) {
                if (failure != null) {
                    throw failure;
                }
                throw new TransportException(pipe.transport(), pipe.address(), "connection ended before its header");
            }
            return prefix.clone();
        } finally {
            lock.unlock();
        }
    }

    private void awaitChange() throws LightstreamException {
        try {
            if (readTimeout.isZero()) {
                changed.await();
                return;
            }
            long idle = System.nanoTime() - lastActivityNanos;
            long left = readTimeout.toNanos() - idle;
            if (left <= 0) {
                TransportException e = new TransportException(pipe.transport(), pipe.address(), "nothing received for "
                        + readTimeout.toMillis() + " ms (read timeout) after " + bytesReceived
                        + " bytes; the peer is gone or stalled");
                failure = e;
                pipe.channel().close();
                throw e;
            }
            changed.await(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new TransportException(pipe.transport(), pipe.address(), "interrupted while reading", ie);
        }
    }

    /**
     * Releases the decoder on the event loop, after any read in progress: a read may be filling the
     * decoder's memory through a direct window, which must not be freed under it.
     */
    private void closeDecoder() {
        Runnable release = () -> {
            synchronized (decoderLock) {
                decoder.close();
            }
        };
        EventLoop loop = pipe.channel().eventLoop();
        if (loop.inEventLoop()) {
            release.run();
            return;
        }
        try {
            loop.submit(release).awaitUninterruptibly(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException loopGone) {
            release.run();
        }
    }

    /** Bytes received from the transport so far. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * Stops the stream: closes the pipe, releases the decoder and every queued item. Idempotent; may be
     * called from any thread, also while another thread waits in {@link #take}.
     */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            pipe.disconnect();
            pipe.channel().closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            closeDecoder();
            lock.lock();
            try {
                Item item;
                while ((item = queue.poll()) != null) {
                    if (item instanceof AutoCloseable c) {
                        try {
                            c.close();
                        } catch (Exception ignored) {
                            // releasing memory; nothing to report
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
        } finally {
            pipe.close();
        }
    }
}
