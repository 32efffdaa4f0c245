package io.lightstream.kafka.source;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO bounded by the bytes it holds: producers block in {@link #put} while the queue is over its
 * byte budget, which is how a full task stops reading its sockets. An item larger than the whole
 * budget is still admitted when the queue is empty, so one big batch cannot deadlock the task.
 *
 * <p>Thread-safe: any number of producers, one or more consumers. {@link #close()} wakes everyone.
 */
final class ByteBoundedQueue<T> {
    private record Entry<T>(T item, long bytes) {}

    private final long capacity;
    private final ArrayDeque<Entry<T>> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private long bytes;
    private boolean closed;

    ByteBoundedQueue(long capacity) {
        this.capacity = capacity;
    }

    /**
     * Appends {@code item}, waiting while the queue is full.
     *
     * @return false if the queue was closed (the item was not added; the caller still owns it)
     */
    boolean put(T item, long size) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && !items.isEmpty() && bytes + size > capacity) {
                notFull.await();
            }
            if (closed) {
                return false;
            }
            items.addLast(new Entry<>(item, size));
            bytes += size;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The head item, waiting at most {@code timeoutMs}; null on timeout or when closed. */
    T poll(long timeoutMs) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMs));
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            Entry<T> e = items.pollFirst();
            if (e == null) {
                return null;
            }
            bytes -= e.bytes();
            notFull.signalAll();
            return e.item();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes held now. */
    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further puts, wakes every waiter and hands back what was queued (for the caller to release). */
    java.util.List<T> close() {
        lock.lock();
        try {
            closed = true;
            java.util.List<T> left = new java.util.ArrayList<>(items.size());
            for (Entry<T> e : items) {
                left.add(e.item());
            }
            items.clear();
            bytes = 0;
            notEmpty.signalAll();
            notFull.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }
}
