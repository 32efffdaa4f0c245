package io.lightstream.flink.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tests for {@link LightstreamSplitSerializer} and {@link LightstreamSplitState}. */
class LightstreamSplitSerializerTest {

    @Test
    void roundTripsEveryField() throws IOException {
        for (LightstreamSplit split : new LightstreamSplit[] {
                LightstreamSplit.atStart("tcp://127.0.0.1:9000", 0),
                new LightstreamSplit("/data/ünïcödé file.arrows", 7, Long.MAX_VALUE, Integer.MAX_VALUE),
                new LightstreamSplit("uds:///tmp/ls.sock", 3, 12, 5)}) {
            byte[] bytes = LightstreamSplitSerializer.INSTANCE.serialize(split);
            LightstreamSplit back = LightstreamSplitSerializer.INSTANCE.deserialize(
                    LightstreamSplitSerializer.INSTANCE.getVersion(), bytes);
            assertThat(back).isEqualTo(split);
            assertThat(back.splitId()).isEqualTo(split.uri());
        }
    }

    /** The version-1 layout, pinned so that a change to it cannot go unnoticed. */
    @Test
    void readsTheVersionOneLayout() throws IOException {
        byte[] v1 = {0, 5, 'a', '.', 't', 'l', 'v', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 4};
        assertThat(LightstreamSplitSerializer.INSTANCE.deserialize(1, v1)).isEqualTo(new LightstreamSplit("a.tlv", 2, 9, 4));
        assertThat(LightstreamSplitSerializer.INSTANCE.serialize(new LightstreamSplit("a.tlv", 2, 9, 4))).isEqualTo(v1);
    }

    @Test
    void rejectsCorruptOrUnknownState() throws IOException {
        byte[] good = LightstreamSplitSerializer.INSTANCE.serialize(new LightstreamSplit("x.arrows", 1, 2, 3));
        assertThatThrownBy(() -> LightstreamSplitSerializer.INSTANCE.deserialize(99, good))
                .isInstanceOf(IOException.class).hasMessageContaining("version 99");
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> LightstreamSplitSerializer.INSTANCE.deserialize(1, truncated))
                    .isInstanceOf(IOException.class);
        }
        byte[] negative = good.clone();
        negative[negative.length - 1] = -1;
        negative[negative.length - 4] = -1;
        assertThatThrownBy(() -> LightstreamSplitSerializer.INSTANCE.deserialize(1, negative))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void stateAdvancesRowByRowAndToTheNextBatchAfterTheLastRow() {
        LightstreamSplitState state = new LightstreamSplitState(LightstreamSplit.atStart("f.arrows", 0));
        state.emitted(0, 0, 3);
        assertThat(state.toSplit()).isEqualTo(new LightstreamSplit("f.arrows", 0, 0, 1));
        state.emitted(0, 2, 3);
        assertThat(state.toSplit()).isEqualTo(new LightstreamSplit("f.arrows", 0, 1, 0));
        state.emitted(4, 0, 1);
        assertThat(state.toSplit()).isEqualTo(new LightstreamSplit("f.arrows", 0, 5, 0));
    }
}
