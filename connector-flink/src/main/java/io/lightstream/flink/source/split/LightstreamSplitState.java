package io.lightstream.flink.source.split;

/**
 * The mutable position of a split while a reader emits its rows; {@link #toSplit()} captures it for
 * a checkpoint. Owned by the reader's task thread.
 */
public final class LightstreamSplitState {
    private final LightstreamSplit split;
    private long batchSequence;
    private int rowOffset;

    public LightstreamSplitState(LightstreamSplit split) {
        this.split = split;
        this.batchSequence = split.batchSequence();
        this.rowOffset = split.rowOffset();
    }

    /** Records that row {@code row} of batch {@code sequence}, which has {@code rows} rows, was emitted. */
    public void emitted(long sequence, int row, int rows) {
        if (row + 1 < rows) {
            batchSequence = sequence;
            rowOffset = row + 1;
        } else {
            batchSequence = sequence + 1;
            rowOffset = 0;
        }
    }

    public long batchSequence() {
        return batchSequence;
    }

    public int rowOffset() {
        return rowOffset;
    }

    public LightstreamSplit toSplit() {
        return new LightstreamSplit(split.uri(), split.index(), batchSequence, rowOffset);
    }
}
