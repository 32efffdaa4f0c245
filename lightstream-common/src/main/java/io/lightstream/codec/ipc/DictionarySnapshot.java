package io.lightstream.codec.ipc;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * The dictionaries in force at one point of a stream, shared by every batch decoded while they
 * were in force.
 *
 * <p>Reference-counted: the decoder holds one reference while the snapshot is current and each
 * batch holds one until it is closed. Each dictionary vector is itself shared by the snapshots that
 * contain it and is closed when the last of them goes. Thread-safe: batches may be closed on any
 * thread.
 */
final class DictionarySnapshot implements DictionaryProvider {
    /** A dictionary vector shared by several snapshots. */
    static final class Shared {
        final Dictionary dictionary;
        private final AtomicInteger refs = new AtomicInteger(1);

        Shared(Dictionary dictionary) {
            this.dictionary = dictionary;
        }

        Shared retain() {
            refs.incrementAndGet();
            return this;
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                dictionary.getVector().close();
            }
        }
    }

    private final Map<Long, Shared> byId;
    private final AtomicInteger refs = new AtomicInteger(1);

    /** Takes one reference on each entry of {@code byId}. */
    DictionarySnapshot(Map<Long, Shared> byId) {
        this.byId = Map.copyOf(byId);
        for (Shared s : this.byId.values()) {
            s.retain();
        }
    }

    @Override
    public Dictionary lookup(long id) {
        Shared s = byId.get(id);
        return s == null ? null : s.dictionary;
    }

    @Override
    public Set<Long> getDictionaryIds() {
        return byId.keySet();
    }

    /** Adds a reference and returns a handle that releases it once when closed. */
    AutoCloseable hold() {
        refs.incrementAndGet();
        boolean[] done = {false};
        return () -> {
            synchronized (done) {
                if (done[0]) {
                    return;
                }
                done[0] = true;
            }
            release();
        };
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            for (Shared s : byId.values()) {
                s.release();
            }
        }
    }
}
