package io.lightstream.flink.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.flink.source.split.LightstreamSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

/** Tests for {@link LightstreamEnumerator} and {@link LightstreamEnumStateSerializer}. */
class LightstreamEnumeratorTest {

    private static List<LightstreamSplit> splits(int n) {
        List<LightstreamSplit> splits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            splits.add(LightstreamSplit.atStart("tcp://feed-" + i + ":9000", i));
        }
        return splits;
    }

    private static List<LightstreamSplit> assigned(TestingSplitEnumeratorContext<LightstreamSplit> context, int subtask) {
        TestingSplitEnumeratorContext.SplitAssignmentState<LightstreamSplit> state =
                context.getSplitAssignments().get(subtask);
        return state == null ? List.of() : state.getAssignedSplits();
    }

    @Test
    void assignsEachSplitToItsFixedOwnerAndSignalsEveryReaderInBoundedMode() {
        TestingSplitEnumeratorContext<LightstreamSplit> context = new TestingSplitEnumeratorContext<>(3);
        try (LightstreamEnumerator enumerator = new LightstreamEnumerator(context, Boundedness.BOUNDED, splits(5))) {
            enumerator.start();
            for (int subtask = 0; subtask < 3; subtask++) {
                context.registerReader(subtask, "host");
                enumerator.addReader(subtask);
            }
            assertThat(assigned(context, 0)).extracting(LightstreamSplit::index).containsExactly(0, 3);
            assertThat(assigned(context, 1)).extracting(LightstreamSplit::index).containsExactly(1, 4);
            assertThat(assigned(context, 2)).extracting(LightstreamSplit::index).containsExactly(2);
            for (int subtask = 0; subtask < 3; subtask++) {
                assertThat(context.getSplitAssignments().get(subtask).hasReceivedNoMoreSplitsSignal()).isTrue();
            }
            assertThat(enumerator.snapshotState(1).unassigned()).isEmpty();
        }
    }

    @Test
    void idleReadersAlsoLearnThatNoSplitsCome() {
        TestingSplitEnumeratorContext<LightstreamSplit> context = new TestingSplitEnumeratorContext<>(5);
        try (LightstreamEnumerator enumerator = new LightstreamEnumerator(context, Boundedness.BOUNDED, splits(4))) {
            enumerator.start();
            context.registerReader(4, "host");
            enumerator.addReader(4);
            assertThat(assigned(context, 4)).isEmpty();
            assertThat(context.getSplitAssignments().get(4).hasReceivedNoMoreSplitsSignal()).isTrue();
        }
    }

    @Test
    void unboundedModeNeverSignalsTheEnd() {
        TestingSplitEnumeratorContext<LightstreamSplit> context = new TestingSplitEnumeratorContext<>(2);
        try (LightstreamEnumerator enumerator = new LightstreamEnumerator(context, Boundedness.CONTINUOUS_UNBOUNDED,
                splits(2))) {
            enumerator.start();
            context.registerReader(0, "host");
            enumerator.addReader(0);
            assertThat(context.getSplitAssignments().get(0).hasReceivedNoMoreSplitsSignal()).isFalse();
            // Subtask 1 has not registered: its split waits and is checkpointed by the enumerator.
            assertThat(enumerator.snapshotState(7).unassigned()).extracting(LightstreamSplit::index).containsExactly(1);
        }
    }

    @Test
    void splitsOfAFailedReaderGoBackToItWithTheirPositions() {
        TestingSplitEnumeratorContext<LightstreamSplit> context = new TestingSplitEnumeratorContext<>(2);
        try (LightstreamEnumerator enumerator = new LightstreamEnumerator(context, Boundedness.CONTINUOUS_UNBOUNDED,
                splits(4))) {
            enumerator.start();
            context.registerReader(0, "host");
            enumerator.addReader(0);
            context.registerReader(1, "host");
            enumerator.addReader(1);
            LightstreamSplit progressed = new LightstreamSplit("tcp://feed-1:9000", 1, 42, 7);
            // The reader re-registered before its splits came back: they are reassigned at once.
            enumerator.addSplitsBack(List.of(progressed), 1);
            assertThat(assigned(context, 1)).contains(progressed);
            assertThat(enumerator.snapshotState(2).unassigned()).isEmpty();
        }
    }

    @Test
    void splitsComeBackWhenTheirOwnerIsAwayAndAreAssignedWhenItReturns() {
        TestingSplitEnumeratorContext<LightstreamSplit> context = new TestingSplitEnumeratorContext<>(2);
        try (LightstreamEnumerator enumerator = new LightstreamEnumerator(context, Boundedness.BOUNDED, List.of())) {
            enumerator.start();
            LightstreamSplit back = new LightstreamSplit("a.arrows", 1, 3, 0);
            enumerator.addSplitsBack(List.of(back), 1);
            assertThat(enumerator.snapshotState(1).unassigned()).containsExactly(back);
            context.registerReader(1, "host");
            enumerator.addReader(1);
            assertThat(assigned(context, 1)).containsExactly(back);
            assertThat(context.getSplitAssignments().get(1).hasReceivedNoMoreSplitsSignal()).isTrue();
        }
    }

    @Test
    void restoredEnumeratorAssignsOnlyItsUnassignedSplits() throws IOException {
        LightstreamEnumState state = new LightstreamEnumState(List.of(new LightstreamSplit("b.arrows", 1, 0, 0)));
        byte[] bytes = LightstreamEnumStateSerializer.INSTANCE.serialize(state);
        LightstreamEnumState restored = LightstreamEnumStateSerializer.INSTANCE.deserialize(1, bytes);
        assertThat(restored).isEqualTo(state);
        TestingSplitEnumeratorContext<LightstreamSplit> context = new TestingSplitEnumeratorContext<>(2);
        context.registerReader(0, "host");
        context.registerReader(1, "host");
        try (LightstreamEnumerator enumerator = new LightstreamEnumerator(context, Boundedness.BOUNDED,
                restored.unassigned())) {
            enumerator.start();
            assertThat(assigned(context, 0)).isEmpty();
            assertThat(assigned(context, 1)).containsExactlyElementsOf(state.unassigned());
        }
    }

    @Test
    void stateSerializerRejectsCorruptInput() throws IOException {
        assertThatThrownBy(() -> LightstreamEnumStateSerializer.INSTANCE.deserialize(2, new byte[4]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> LightstreamEnumStateSerializer.INSTANCE.deserialize(1, new byte[] {0x7f, 0, 0, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("splits");
        byte[] good = LightstreamEnumStateSerializer.INSTANCE.serialize(new LightstreamEnumState(splits(2)));
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> LightstreamEnumStateSerializer.INSTANCE.deserialize(1, longer))
                .hasMessageContaining("trailing");
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> LightstreamEnumStateSerializer.INSTANCE.deserialize(1, truncated))
                    .isInstanceOf(IOException.class);
        }
    }
}
