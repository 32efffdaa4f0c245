package io.lightstream.flink.format;

import io.lightstream.codec.ipc.IpcFileReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How an Arrow IPC file is cut into splits at record batch boundaries, and which batches a split
 * covers.
 *
 * <p>A split is a byte range {@code [start, end)} of the file, as Flink's {@code FileSourceSplit}
 * holds it; it covers the record batches whose block (as the footer records it) starts inside the
 * range. Ranges that tile the file therefore give every batch to exactly one split, whoever cut them:
 * {@link #plan} cuts them at batch boundaries, Flink's block-splitting enumerator at file system
 * block boundaries, and both read every batch once.
 *
 * <p>Stateless and thread-safe.
 */
final class RecordBatchSplits {
    private RecordBatchSplits() {}

    /** A byte range {@code [start, end)} of a file. */
    record Range(long start, long end) {
        public long length() {
            return end - start;
        }
    }

    /**
     * Cuts a file into ranges that tile {@code [0, fileSize)}, each starting at a record batch and
     * holding consecutive batches of about {@code targetBytes} (at least one batch each). A file
     * without batches is one range.
     *
     * @param offsets each batch's block offset, in any order
     * @param lengths each batch's block length, same order
     */
    static List<Range> plan(long[] offsets, long[] lengths, long fileSize, long targetBytes) {
        if (targetBytes < 1) {
            throw new IllegalArgumentException("target split size must be positive, got " + targetBytes);
        }
        List<Range> out = new ArrayList<>();
        if (offsets.length == 0) {
            out.add(new Range(0, fileSize));
            return out;
        }
        Integer[] order = new Integer[offsets.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(offsets[a], offsets[b]));
        List<Long> starts = new ArrayList<>();
        long groupBytes = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (k == 0) {
                // The first range also holds the header and schema before the first batch.
                starts.add(0L);
            } else if (groupBytes >= targetBytes) {
                starts.add(offsets[i]);
                groupBytes = 0;
            }
            groupBytes += lengths[i];
        }
        for (int g = 0; g < starts.size(); g++) {
            long end = g + 1 < starts.size() ? starts.get(g + 1) : fileSize;
            out.add(new Range(starts.get(g), end));
        }
        return out;
    }

    /** {@link #plan(long[], long[], long, long)} over an open file's footer. */
    static List<Range> plan(IpcFileReader file, long targetBytes) {
        int n = file.batchCount();
        long[] offsets = new long[n];
        long[] lengths = new long[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = file.batchOffset(i);
            lengths[i] = file.batchLength(i);
        }
        return plan(offsets, lengths, file.size(), targetBytes);
    }

    /** Indexes, ascending, of the batches whose block starts in {@code [start, end)}. */
    static int[] batchesIn(long[] offsets, long start, long end) {
        int[] out = new int[offsets.length];
        int n = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] >= start && offsets[i] < end) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** {@link #batchesIn(long[], long, long)} over an open file's footer. */
    static int[] batchesIn(IpcFileReader file, long start, long end) {
        long[] offsets = new long[file.batchCount()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = file.batchOffset(i);
        }
        return batchesIn(offsets, start, end);
    }
}
