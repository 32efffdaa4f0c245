package io.lightstream.flink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cutting a file into batch-aligned splits, and finding the batches of any byte range. */
class RecordBatchSplitsTest {
    /** A file of {@code n} batches: header and schema take 256 bytes, batch {@code i} {@code sizes[i]}. */
    private static long[][] file(long... sizes) {
        long[] offsets = new long[sizes.length];
        long at = 256;
        for (int i = 0; i < sizes.length; i++) {
            offsets[i] = at;
            at += sizes[i];
        }
        return new long[][] {offsets, sizes, {at + 128}};
    }

    /** Every batch lies in exactly one of {@code ranges}, and the ranges tile the file. */
    private static void assertEachBatchOnce(long[] offsets, List<RecordBatchSplits.Range> ranges, long fileSize) {
        assertThat(ranges.get(0).start()).isZero();
        assertThat(ranges.get(ranges.size() - 1).end()).isEqualTo(fileSize);
        for (int r = 1; r < ranges.size(); r++) {
            assertThat(ranges.get(r).start()).isEqualTo(ranges.get(r - 1).end());
        }
        int[] seen = new int[offsets.length];
        for (RecordBatchSplits.Range r : ranges) {
            for (int b : RecordBatchSplits.batchesIn(offsets, r.start(), r.end())) {
                seen[b]++;
            }
        }
        for (int s : seen) {
            assertThat(s).isEqualTo(1);
        }
    }

    @Test
    void groupsConsecutiveBatchesUpToTheTargetSize() {
        long[][] f = file(100, 100, 100, 100, 100);
        List<RecordBatchSplits.Range> ranges = RecordBatchSplits.plan(f[0], f[1], f[2][0], 200);
        assertThat(ranges).hasSize(3);
        assertThat(RecordBatchSplits.batchesIn(f[0], ranges.get(0).start(), ranges.get(0).end())).containsExactly(0, 1);
        assertThat(RecordBatchSplits.batchesIn(f[0], ranges.get(1).start(), ranges.get(1).end())).containsExactly(2, 3);
        assertThat(RecordBatchSplits.batchesIn(f[0], ranges.get(2).start(), ranges.get(2).end())).containsExactly(4);
        // Later ranges start exactly at a batch.
        assertThat(ranges.get(1).start()).isEqualTo(f[0][2]);
        assertEachBatchOnce(f[0], ranges, f[2][0]);
    }

    @Test
    void aBatchLargerThanTheTargetIsASplitOfItsOwn() {
        long[][] f = file(10, 5_000, 10, 10);
        List<RecordBatchSplits.Range> ranges = RecordBatchSplits.plan(f[0], f[1], f[2][0], 1_000);
        assertThat(ranges).hasSize(2);
        assertThat(RecordBatchSplits.batchesIn(f[0], ranges.get(0).start(), ranges.get(0).end())).containsExactly(0, 1);
        assertThat(RecordBatchSplits.batchesIn(f[0], ranges.get(1).start(), ranges.get(1).end())).containsExactly(2, 3);
    }

    @Test
    void oneSplitForASmallFileOrAFileWithoutBatches() {
        long[][] f = file(10, 10);
        assertThat(RecordBatchSplits.plan(f[0], f[1], f[2][0], 1 << 20))
                .containsExactly(new RecordBatchSplits.Range(0, f[2][0]));
        assertThat(RecordBatchSplits.plan(new long[0], new long[0], 400, 1 << 20))
                .containsExactly(new RecordBatchSplits.Range(0, 400));
        assertThat(RecordBatchSplits.batchesIn(new long[0], 0, 400)).isEmpty();
    }

    @Test
    void footerOrderDoesNotMatter() {
        // Blocks listed out of file order: each still lands in the range holding its offset.
        long[] offsets = {600, 256, 900, 400};
        long[] lengths = {300, 144, 100, 200};
        List<RecordBatchSplits.Range> ranges = RecordBatchSplits.plan(offsets, lengths, 1_100, 250);
        assertEachBatchOnce(offsets, ranges, 1_100);
        assertThat(RecordBatchSplits.batchesIn(offsets, 0, 1_100)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void anyTilingOfTheFileReadsEveryBatchOnce() {
        // Flink's block-splitting enumerator cuts at file system blocks, not at batches.
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            long[] sizes = new long[1 + random.nextInt(12)];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = 64 * (1 + random.nextInt(40));
            }
            long[][] f = file(sizes);
            long size = f[2][0];
            List<RecordBatchSplits.Range> ranges = new ArrayList<>();
            long at = 0;
            while (at < size) {
                long end = Math.min(size, at + 1 + random.nextInt(700));
                ranges.add(new RecordBatchSplits.Range(at, end));
                at = end;
            }
            assertEachBatchOnce(f[0], ranges, size);
            assertEachBatchOnce(f[0], RecordBatchSplits.plan(f[0], f[1], size, 1 + random.nextInt(2_000)), size);
        }
    }

    @Test
    void rejectsANonPositiveTarget() {
        assertThatThrownBy(() -> RecordBatchSplits.plan(new long[0], new long[0], 10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target split size");
    }
}
