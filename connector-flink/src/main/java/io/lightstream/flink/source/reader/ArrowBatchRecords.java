package io.lightstream.flink.source.reader;

import java.util.Set;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;

/**
 * The result of one fetch: the rows of one Arrow batch of one split, or the news that splits
 * finished, or nothing (a wake-up). {@link #recycle()} releases the batch once Flink has emitted
 * every row.
 */
final class ArrowBatchRecords implements RecordsWithSplitIds<RowCursor> {
    private static final Runnable NOTHING = () -> {};

    private final String splitId;
    private final RowCursor cursor;
    private final Set<String> finished;
    private final Runnable release;
    private boolean splitTaken;

    private ArrowBatchRecords(String splitId, RowCursor cursor, Set<String> finished, Runnable release) {
        this.splitId = splitId;
        this.cursor = cursor;
        this.finished = finished;
        this.release = release;
    }

    static ArrowBatchRecords ofBatch(String splitId, RowCursor cursor, Runnable release) {
        return new ArrowBatchRecords(splitId, cursor, Set.of(), release);
    }

    static ArrowBatchRecords finished(String splitId) {
        return new ArrowBatchRecords(null, null, Set.of(splitId), NOTHING);
    }

    static ArrowBatchRecords empty() {
        return new ArrowBatchRecords(null, null, Set.of(), NOTHING);
    }

    @Override
    public String nextSplit() {
        if (splitTaken || cursor == null) {
            return null;
        }
        splitTaken = true;
        return splitId;
    }

    @Override
    public RowCursor nextRecordFromSplit() {
        return cursor.advance() ? cursor : null;
    }

    @Override
    public Set<String> finishedSplits() {
        return finished;
    }

    @Override
    public void recycle() {
        release.run();
    }
}
