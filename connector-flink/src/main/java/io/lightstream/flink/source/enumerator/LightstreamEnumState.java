package io.lightstream.flink.source.enumerator;

import io.lightstream.flink.source.split.LightstreamSplit;
import java.util.List;

/**
 * Checkpointed state of the enumerator: the splits not yet assigned to a reader (assigned splits
 * are checkpointed by their readers).
 */
public final class LightstreamEnumState {
    private final List<LightstreamSplit> unassigned;

    public LightstreamEnumState(List<LightstreamSplit> unassigned) {
        this.unassigned = List.copyOf(unassigned);
    }

    public List<LightstreamSplit> unassigned() {
        return unassigned;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LightstreamEnumState && ((LightstreamEnumState) o).unassigned.equals(unassigned);
    }

    @Override
    public int hashCode() {
        return unassigned.hashCode();
    }

    @Override
    public String toString() {
        return "LightstreamEnumState{unassigned=" + unassigned + "}";
    }
}
