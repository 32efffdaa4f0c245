package io.lightstream.flink.source.enumerator;

import io.lightstream.flink.source.split.LightstreamSplit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns every endpoint split to one fixed reader: split {@code i} of the source's URI list goes to
 * subtask {@code i mod parallelism}. The owner depends only on the configuration, so after a
 * restart the same endpoint lands on the same subtask, and endpoints spread evenly over readers.
 *
 * <p>Assignment is pushed when a reader registers; split requests are not needed. Splits coming back
 * from a failed reader ({@link #addSplitsBack}) are reassigned at once if their owner is registered
 * again, else when it registers. In bounded mode every reader is told that no more splits come
 * right after its assignment, including readers that own no split, so that the job can finish.
 *
 * <p>Runs on the source coordinator thread; not thread-safe.
 */
public final class LightstreamEnumerator implements SplitEnumerator<LightstreamSplit, LightstreamEnumState> {
    private static final Logger LOG = LoggerFactory.getLogger(LightstreamEnumerator.class);

    private final SplitEnumeratorContext<LightstreamSplit> context;
    private final Boundedness boundedness;
    private final List<LightstreamSplit> pending;

    public LightstreamEnumerator(SplitEnumeratorContext<LightstreamSplit> context, Boundedness boundedness,
            List<LightstreamSplit> pending) {
        this.context = context;
        this.boundedness = boundedness;
        this.pending = new ArrayList<>(pending);
        this.pending.sort(Comparator.comparingInt(LightstreamSplit::index));
    }

    /** The subtask that reads split {@code split} at parallelism {@code parallelism}. */
    public static int owner(LightstreamSplit split, int parallelism) {
        return split.index() % parallelism;
    }

    @Override
    public void start() {
        // After a coordinator failover readers may already be registered.
        for (int subtask : context.registeredReaders().keySet()) {
            assignPending(subtask);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Assignment is pushed in addReader; readers never need to ask.
    }

    @Override
    public void addSplitsBack(List<LightstreamSplit> splits, int subtaskId) {
        LOG.info("Splits {} of subtask {} returned for reassignment", splits, subtaskId);
        pending.addAll(splits);
        pending.sort(Comparator.comparingInt(LightstreamSplit::index));
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignPending(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending(subtaskId);
    }

    private void assignPending(int subtask) {
        int parallelism = context.currentParallelism();
        List<LightstreamSplit> mine = new ArrayList<>();
        for (Iterator<LightstreamSplit> it = pending.iterator(); it.hasNext(); ) {
            LightstreamSplit split = it.next();
            if (owner(split, parallelism) == subtask) {
                mine.add(split);
                it.remove();
            }
        }
        for (LightstreamSplit split : mine) {
            context.assignSplit(split, subtask);
        }
        if (!mine.isEmpty()) {
            LOG.info("Assigned {} to subtask {}", mine, subtask);
        }
        if (boundedness == Boundedness.BOUNDED) {
            context.signalNoMoreSplits(subtask);
        }
    }

    @Override
    public LightstreamEnumState snapshotState(long checkpointId) {
        return new LightstreamEnumState(pending);
    }

    @Override
    public void close() {}
}
