package io.lightstream.format.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The byte-level number parsers agree with the JDK's. */
class CsvColumnParserTest {
    private static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return CsvColumnParser.Floating.parseDouble(b, 0, b.length);
    }

    @Test
    void decimalsMatchDoubleParseDoubleBitForBit() {
        String[] fixed = {"0", "-0", "+1", "1.5", "-2.25", "123456789012345", "0.1", "0.3", "9007199254740993",
            "1.7976931348623157E308", "4.9E-324", "1e10", ".5", "5.", "00012.50", "0.0000000000000000000001",
            "123456789.123456", "999999999999999.9", "1234567890123456789", "-0.000"};
        for (String s : fixed) {
            assertThat(Double.doubleToRawLongBits(parse(s))).as(s)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long m = random.nextLong(1, 1_000_000_000_000_000L);
            int scale = random.nextInt(0, 20);
            String digits = Long.toString(m);
            String s = scale == 0 || scale >= digits.length() ? digits
                    : digits.substring(0, digits.length() - scale) + "." + digits.substring(digits.length() - scale);
            if (random.nextBoolean()) {
                s = "-" + s;
            }
            assertThat(Double.doubleToRawLongBits(parse(s))).as(s)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
        }
    }

    @Test
    void integersRejectOverflowAndJunk() {
        byte[] max = "9223372036854775807".getBytes(StandardCharsets.US_ASCII);
        byte[] min = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
        assertThat(CsvColumnParser.Whole.parseLong(max, 0, max.length)).isEqualTo(Long.MAX_VALUE);
        assertThat(CsvColumnParser.Whole.parseLong(min, 0, min.length)).isEqualTo(Long.MIN_VALUE);
        for (String bad : new String[] {"9223372036854775808", "-9223372036854775809", "1.0", "", "-", "12a", "0x1"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> CsvColumnParser.Whole.parseLong(b, 0, b.length)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : new String[] {"abc", "1.2.3", "0x1p3", "1d", "--1"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> CsvColumnParser.Floating.parseDouble(b, 0, b.length)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
