package io.lightstream.bench.flink;

import io.lightstream.sample.SampleShape;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;

/**
 * Generates row {@code i} of a {@link SampleShape} as Flink {@link GenericRowData}, the way
 * Flink's datagen source produces rows (a new row of boxed values per record), holding exactly the
 * values {@link SampleShape#fill} puts in row {@code i}. Strings are built from their digits
 * directly, without formatting, so generation is as cheap as a generator can honestly be.
 *
 * <p>Used by one source subtask at a time (Flink creates one per subtask).
 */
class ShapeRowGenerator implements GeneratorFunction<Long, RowData> {
    private static final long serialVersionUID = 1L;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String[] COLOURS = {"red", "green", "blue"};

    private final SampleShape shape;
    private transient StringData[] categories;

    ShapeRowGenerator(SampleShape shape) {
        this.shape = shape;
    }

    @Override
    public RowData map(Long index) {
        long r = index;
        if (categories == null) {
            categories = categories();
        }
        return switch (shape) {
            case MIXED -> GenericRowData.of((int) r, r * 0.5, StringData.fromBytes(label(r)),
                    categories[(int) (r % 3)]);
            case NUMERIC -> GenericRowData.of((int) r, r * 3, (r % 10_000) / 100f, r * 1.5);
            case STRINGS -> GenericRowData.of((int) r, StringData.fromBytes(longText(r)),
                    StringData.fromBytes(shortText(r)), categories[(int) (r % 100)]);
            case WIDE -> wide(r);
        };
    }

    private StringData[] categories() {
        if (shape == SampleShape.MIXED) {
            StringData[] out = new StringData[3];
            for (int i = 0; i < 3; i++) {
                out[i] = StringData.fromString(COLOURS[i]);
            }
            return out;
        }
        StringData[] out = new StringData[100];
        for (int i = 0; i < 100; i++) {
            out[i] = StringData.fromString(String.format(java.util.Locale.ROOT, "cat_%03d", i));
        }
        return out;
    }

    private static RowData wide(long r) {
        GenericRowData row = new GenericRowData(100);
        for (int c = 0; c < 100; c++) {
            switch (c / 25) {
                case 0 -> row.setField(c, (int) (r + c));
                case 1 -> row.setField(c, r * c);
                case 2 -> row.setField(c, r + c / 10f);
                default -> row.setField(c, r * 0.25 + c);
            }
        }
        return row;
    }

    /** {@code "row_" + r}. */
    private static byte[] label(long r) {
        int digits = 1;
        for (long v = r; v >= 10; v /= 10) {
            digits++;
        }
        byte[] out = new byte[4 + digits];
        out[0] = 'r';
        out[1] = 'o';
        out[2] = 'w';
        out[3] = '_';
        decimal(out, 4, r, digits);
        return out;
    }

    /** {@code String.format("row_%08d_payload_%08x_lorem_ipsum_dolor_sit", r % 100_000_000, r & 0xFFFFFFFF)}. */
    private static byte[] longText(long r) {
        byte[] out = "row_00000000_payload_00000000_lorem_ipsum_dolor_sit".getBytes(StandardCharsets.US_ASCII);
        decimal(out, 4, r % 100_000_000L, 8);
        hex(out, 21, r & 0xFFFF_FFFFL, 8);
        return out;
    }

    /** {@code String.format("s_%04x", r & 0xFFFF)}. */
    private static byte[] shortText(long r) {
        byte[] out = {'s', '_', 0, 0, 0, 0};
        hex(out, 2, r & 0xFFFF, 4);
        return out;
    }

    private static void decimal(byte[] out, int at, long value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static void hex(byte[] out, int at, long value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
