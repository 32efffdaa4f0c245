package io.lightstream.flink.source.split;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One endpoint stream of a {@link io.lightstream.flink.source.LightstreamSource} (for a {@code
 * parallel=N} endpoint, its one ordered logical stream), and where reading continues: row {@link
 * #rowOffset()} of batch {@link #batchSequence()} of the stream.
 *
 * <p>The position counts batches from the start of the stream as the endpoint numbers them. A
 * replayable endpoint (a file) is re-read from its start and skipped up to the position; a producer
 * that can resume from a sequence will be asked to start there.
 *
 * <p>Immutable. The split id is the endpoint URI, which is unique within a source.
 */
public final class LightstreamSplit implements SourceSplit {
    private final String uri;
    private final int index;
    private final long batchSequence;
    private final int rowOffset;

    /**
     * @param uri the endpoint URI (also the split id)
     * @param index position of the endpoint in the source's URI list, which decides the owning reader
     * @param batchSequence 0-based sequence of the batch holding the next row to read
     * @param rowOffset 0-based row in that batch
     */
    public LightstreamSplit(String uri, int index, long batchSequence, int rowOffset) {
        this.uri = Objects.requireNonNull(uri, "uri");
        if (index < 0 || batchSequence < 0 || rowOffset < 0) {
            throw new IllegalArgumentException("negative split position: index=" + index + ", batchSequence="
                    + batchSequence + ", rowOffset=" + rowOffset);
        }
        this.index = index;
        this.batchSequence = batchSequence;
        this.rowOffset = rowOffset;
    }

    /** A split at the start of the stream. */
    public static LightstreamSplit atStart(String uri, int index) {
        return new LightstreamSplit(uri, index, 0, 0);
    }

    @Override
    public String splitId() {
        return uri;
    }

    public String uri() {
        return uri;
    }

    public int index() {
        return index;
    }

    public long batchSequence() {
        return batchSequence;
    }

    public int rowOffset() {
        return rowOffset;
    }

    /** Whether this split is at the very start of its stream. */
    public boolean isAtStart() {
        return batchSequence == 0 && rowOffset == 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LightstreamSplit)) {
            return false;
        }
        LightstreamSplit that = (LightstreamSplit) o;
        return index == that.index && batchSequence == that.batchSequence && rowOffset == that.rowOffset
                && uri.equals(that.uri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, index, batchSequence, rowOffset);
    }

    @Override
    public String toString() {
        return "LightstreamSplit{" + uri + " #" + index + " at batch " + batchSequence + " row " + rowOffset + "}";
    }
}
