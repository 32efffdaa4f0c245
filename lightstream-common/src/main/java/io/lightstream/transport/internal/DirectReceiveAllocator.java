package io.lightstream.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * The receive-buffer allocator of a plain socket (TCP or Unix, no TLS): while the decoder is
 * inside a large message body it makes the channel read straight into that body's 64-byte aligned
 * Arrow memory, so received bytes are never copied in user space.
 *
 * <p>Netty asks the allocator for a buffer before every socket read. When the {@link Receiver}
 * (the stream decoding this channel) offers a window of the body being received, the allocator
 * answers with a buffer that wraps exactly that memory without owning it: the kernel writes the
 * bytes in place, and the receiver recognises the buffer when it comes back through the pipeline
 * and only accounts for the bytes. Otherwise it hands out an ordinary pooled buffer of the size
 * Netty's adaptive sizing guesses, capped by the receiver (so that a read ends near the start of
 * the next large body instead of copying a megabyte of it).
 *
 * <p>Only for channels whose pipeline passes the socket's bytes on unchanged: nothing in front of
 * the {@link PipeTail} may transform or keep them.
 *
 * <p>One instance per channel (it remembers that channel's receiver); used on the channel's event
 * loop only.
 */
final class DirectReceiveAllocator implements RecvByteBufAllocator {
    /** What decodes the channel: offers windows and read caps. Called on the event loop. */
    interface Receiver {
        /**
         * An empty buffer over memory the next read may fill, or null for an ordinary buffer. The
         * buffer does not own the memory, which stays valid at least until the buffer has come back
         * through {@link PipeEvents#onData} or been released (a read that returned nothing).
         */
        ByteBuf receiveWindow();

        /** Largest ordinary read wanted now, or 0 for no limit. */
        int readCap();
    }

    private final AdaptiveRecvByteBufAllocator sizes;
    private Receiver receiver;

    DirectReceiveAllocator(int minimum, int initial, int maximum) {
        this.sizes = new AdaptiveRecvByteBufAllocator(minimum, initial, maximum);
    }

    /** Connects the channel's decoding stream; null disconnects it. Event loop only. */
    void receiver(Receiver r) {
        this.receiver = r;
    }

    @Override
    public Handle newHandle() {
        return new WindowHandle((ExtendedHandle) sizes.newHandle());
    }

    private final class WindowHandle implements ExtendedHandle {
        private final ExtendedHandle delegate;

        WindowHandle(ExtendedHandle delegate) {
            this.delegate = delegate;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            Receiver r = receiver;
            if (r == null) {
                return delegate.allocate(alloc);
            }
            ByteBuf window = r.receiveWindow();
            if (window != null) {
                return window;
            }
            int cap = r.readCap();
            int guess = delegate.guess();
            return alloc.ioBuffer(cap > 0 ? Math.min(cap, guess) : guess);
        }

        @Override
        public int guess() {
            return delegate.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            delegate.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            delegate.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            delegate.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return delegate.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            delegate.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return delegate.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return delegate.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return delegate.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            delegate.readComplete();
        }
    }
}
