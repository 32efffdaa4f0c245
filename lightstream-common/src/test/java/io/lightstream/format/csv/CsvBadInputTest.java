package io.lightstream.format.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.LightstreamReader;
import io.lightstream.LimitExceededException;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.format.SampleTables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed CSV gives a {@link FormatException} naming source, record, line and column. */
class CsvBadInputTest {
    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
    }

    private void readAll(String csv, ReadOptions.Builder options) throws IOException {
        readAll(csv.getBytes(StandardCharsets.UTF_8), options);
    }

    private void readAll(byte[] csv, ReadOptions.Builder options) throws IOException {
        for (boolean trickle : new boolean[] {false, true}) {
            try (LightstreamReader r = CsvFormat.openReader(trickle ? CsvRoundTripTest.trickle(csv)
                    : new ByteArrayInputStream(csv), "input.csv", options.allocator(allocator).build())) {
                for (Batch next = r.readBatch(); next != null; next = r.readBatch()) {
                    next.close();
                }
            }
        }
    }

    @Test
    void raggedRowsNameTheRecordAndLine() {
        assertThatThrownBy(() -> readAll("a,b,c\n1,2,3\n4,5\n", ReadOptions.builder()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("input.csv").hasMessageContaining("record 3 (line 3)")
                .hasMessageContaining("2 fields, expected 3");
        // Past the inference window too.
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i).append(",x\n");
        }
        sb.append("1,2,3\n");
        assertThatThrownBy(() -> readAll(sb.toString(), ReadOptions.builder().property("infer.rows", "10")
                .batchSize(7))).isInstanceOf(FormatException.class).hasMessageContaining("record 52 (line 52)");
    }

    @Test
    void unterminatedQuote() {
        assertThatThrownBy(() -> readAll("a,b\n1,\"never closed\n2,3\n", ReadOptions.builder()))
                .isInstanceOf(FormatException.class).hasMessageContaining("record 2 (line 2)")
                .hasMessageContaining("never ends");
    }

    @Test
    void textAfterAClosingQuote() {
        assertThatThrownBy(() -> readAll("a,b\n\"x\"y,1\n", ReadOptions.builder()))
                .isInstanceOf(FormatException.class).hasMessageContaining("after a closing quote");
    }

    @Test
    void valuesThatDoNotParseNameTheColumn() {
        Schema schema = new Schema(List.of(SampleTables.field("n", new ArrowType.Int(8, true), true),
                SampleTables.field("d", new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY), true)));
        assertThatThrownBy(() -> readAll("n,d\n1,2020-01-01\n300,2020-01-02\n", ReadOptions.builder().schema(schema)))
                .isInstanceOf(FormatException.class).hasMessageContaining("column 'n'")
                .hasMessageContaining("out of range").hasMessageContaining("record 3");
        assertThatThrownBy(() -> readAll("n,d\n1,yesterday\n", ReadOptions.builder().schema(schema)))
                .isInstanceOf(FormatException.class).hasMessageContaining("column 'd'")
                .hasMessageContaining("not a date");
        // An inferred integer column meeting text after the inference window.
        StringBuilder sb = new StringBuilder("n\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i).append('\n');
        }
        sb.append("twenty\n");
        assertThatThrownBy(() -> readAll(sb.toString(), ReadOptions.builder().property("infer.rows", "5")))
                .isInstanceOf(FormatException.class).hasMessageContaining("'twenty' is not an integer");
    }

    @Test
    void invalidUtf8InText() {
        byte[] csv = {'s', '\n', 'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'};
        assertThatThrownBy(() -> readAll(csv, ReadOptions.builder())).isInstanceOf(FormatException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void recordsLargerThanTheLimitAreRefused() {
        String big = "a\n" + "x".repeat(5000) + "\n";
        assertThatThrownBy(() -> readAll(big, ReadOptions.builder().property("max.record.bytes", "1k")))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("max.record.bytes");
    }

    @Test
    void badOptionsAreConfigurationErrors() {
        assertThatThrownBy(() -> readAll("a\n1\n", ReadOptions.builder().property("delimiter", "ab")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delimiter");
        assertThatThrownBy(() -> readAll("a\n1\n", ReadOptions.builder().property("header", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header");
        Schema nested = new Schema(List.of(SampleTables.field("l", ArrowType.List.INSTANCE, true,
                SampleTables.field("e", new ArrowType.Int(32, true), true))));
        assertThatThrownBy(() -> CsvFormat.openWriter(new ByteArrayOutputStream(), "out", nested, WriteOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'l'");
        assertThat(nested.getFields()).hasSize(1);
    }
}
