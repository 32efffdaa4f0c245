package io.lightstream.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The four table shapes of the reference library's benchmarks, with deterministic contents:
 * samples for demos and tests, and the common ground of every benchmark in this project.
 *
 * <table>
 * <caption>Shapes (all columns non-null)</caption>
 * <tr><td>{@link #MIXED}</td><td>ids i32, values f64, labels utf8 ({@code row_<i>}), category dictionary (u8) over red/green/blue</td></tr>
 * <tr><td>{@link #NUMERIC}</td><td>ids i32, counters i64, prices f32, values f64</td></tr>
 * <tr><td>{@link #STRINGS}</td><td>ids i32, long_text utf8 (51 chars), short_text utf8, category dictionary (u8) over cat_000..cat_099</td></tr>
 * <tr><td>{@link #WIDE}</td><td>100 columns: 25 each of i32, i64, f32, f64</td></tr>
 * </table>
 *
 * <p>Thread-safe (stateless). {@link Dictionaries} own their vectors and must be closed.
 */
public enum SampleShape {
    MIXED, NUMERIC, STRINGS, WIDE;

    private static final ArrowType.Int U8 = new ArrowType.Int(8, false);
    private static final ArrowType.Int I32 = new ArrowType.Int(32, true);
    private static final ArrowType.Int I64 = new ArrowType.Int(64, true);
    private static final ArrowType F32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    private static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    private static final String[] COLOURS = {"red", "green", "blue"};

    /** Parses {@code mixed}, {@code numeric}, {@code strings} (or {@code string_heavy}) or {@code wide}. */
    public static SampleShape parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "mixed" -> MIXED;
            case "numeric", "narrow_numeric" -> NUMERIC;
            case "strings", "string_heavy", "stringheavy" -> STRINGS;
            case "wide" -> WIDE;
            default -> throw new IllegalArgumentException("unknown shape '" + name
                    + "' (expected mixed, numeric, strings or wide)");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static Field col(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    private static Field dict(String name, long id) {
        return new Field(name, new FieldType(false, U8, new DictionaryEncoding(id, false, U8)), null);
    }

    /** The schema (Arrow memory format: the category columns hold u8 dictionary indices). */
    public Schema schema() {
        List<Field> f = new ArrayList<>();
        switch (this) {
            case MIXED -> {
                f.add(col("ids", I32));
                f.add(col("values", F64));
                f.add(col("labels", ArrowType.Utf8.INSTANCE));
                f.add(dict("category", 3));
            }
            case NUMERIC -> {
                f.add(col("ids", I32));
                f.add(col("counters", I64));
                f.add(col("prices", F32));
                f.add(col("values", F64));
            }
            case STRINGS -> {
                f.add(col("ids", I32));
                f.add(col("long_text", ArrowType.Utf8.INSTANCE));
                f.add(col("short_text", ArrowType.Utf8.INSTANCE));
                f.add(dict("category", 3));
            }
            case WIDE -> {
                for (int i = 0; i < 25; i++) {
                    f.add(col("i32_" + i, I32));
                }
                for (int i = 0; i < 25; i++) {
                    f.add(col("i64_" + i, I64));
                }
                for (int i = 0; i < 25; i++) {
                    f.add(col("f32_" + i, F32));
                }
                for (int i = 0; i < 25; i++) {
                    f.add(col("f64_" + i, F64));
                }
            }
            default -> throw new IllegalStateException(name());
        }
        return new Schema(f);
    }

    /** Whether the shape has dictionary-encoded columns. */
    public boolean hasDictionaries() {
        return this == MIXED || this == STRINGS;
    }

    /** The dictionaries of this shape (empty for shapes without dictionary columns). Close them after use. */
    public Dictionaries dictionaries(BufferAllocator allocator) {
        Dictionaries d = new Dictionaries();
        if (hasDictionaries()) {
            VarCharVector values = new VarCharVector("category", allocator);
            String[] words = this == MIXED ? COLOURS : categories();
            values.allocateNew();
            for (int i = 0; i < words.length; i++) {
                values.setSafe(i, words[i].getBytes(StandardCharsets.UTF_8));
            }
            values.setValueCount(words.length);
            d.put(new Dictionary(values, new DictionaryEncoding(3, false, U8)));
        }
        return d;
    }

    private static String[] categories() {
        String[] out = new String[100];
        for (int i = 0; i < 100; i++) {
            out[i] = String.format(Locale.ROOT, "cat_%03d", i);
        }
        return out;
    }

    /**
     * Fills {@code root} (created from {@link #schema()}) with rows {@code first .. first + rows - 1};
     * values depend only on the row number, so any slice of a generated table is reproducible.
     */
    public void fill(VectorSchemaRoot root, long first, int rows) {
        List<FieldVector> v = root.getFieldVectors();
        for (FieldVector fv : v) {
            fv.clear();
        }
        switch (this) {
            case MIXED -> {
                IntVector ids = (IntVector) v.get(0);
                Float8Vector values = (Float8Vector) v.get(1);
                VarCharVector labels = (VarCharVector) v.get(2);
                UInt1Vector cat = (UInt1Vector) v.get(3);
                ids.allocateNew(rows);
                values.allocateNew(rows);
                labels.allocateNew(rows * 12L, rows);
                cat.allocateNew(rows);
                for (int i = 0; i < rows; i++) {
                    long r = first + i;
                    ids.set(i, (int) r);
                    values.set(i, r * 0.5);
                    labels.setSafe(i, ("row_" + r).getBytes(StandardCharsets.US_ASCII));
                    cat.set(i, (int) (r % 3));
                }
            }
            case NUMERIC -> {
                IntVector ids = (IntVector) v.get(0);
                BigIntVector counters = (BigIntVector) v.get(1);
                Float4Vector prices = (Float4Vector) v.get(2);
                Float8Vector values = (Float8Vector) v.get(3);
                ids.allocateNew(rows);
                counters.allocateNew(rows);
                prices.allocateNew(rows);
                values.allocateNew(rows);
                for (int i = 0; i < rows; i++) {
                    long r = first + i;
                    ids.set(i, (int) r);
                    counters.set(i, r * 3);
                    prices.set(i, (r % 10_000) / 100f);
                    values.set(i, r * 1.5);
                }
            }
            case STRINGS -> {
                IntVector ids = (IntVector) v.get(0);
                VarCharVector longText = (VarCharVector) v.get(1);
                VarCharVector shortText = (VarCharVector) v.get(2);
                UInt1Vector cat = (UInt1Vector) v.get(3);
                ids.allocateNew(rows);
                longText.allocateNew(rows * 51L, rows);
                shortText.allocateNew(rows * 6L, rows);
                cat.allocateNew(rows);
                for (int i = 0; i < rows; i++) {
                    long r = first + i;
                    ids.set(i, (int) r);
                    longText.setSafe(i, String.format(Locale.ROOT, "row_%08d_payload_%08x_lorem_ipsum_dolor_sit",
                            r % 100_000_000L, r & 0xFFFF_FFFFL).getBytes(StandardCharsets.US_ASCII));
                    shortText.setSafe(i, String.format(Locale.ROOT, "s_%04x", r & 0xFFFF).getBytes(StandardCharsets.US_ASCII));
                    cat.set(i, (int) (r % 100));
                }
            }
            case WIDE -> {
                for (int c = 0; c < 100; c++) {
                    FieldVector fv = v.get(c);
                    ((org.apache.arrow.vector.BaseFixedWidthVector) fv).allocateNew(rows);
                    for (int i = 0; i < rows; i++) {
                        long r = first + i;
                        switch (c / 25) {
                            case 0 -> ((IntVector) fv).set(i, (int) (r + c));
                            case 1 -> ((BigIntVector) fv).set(i, r * c);
                            case 2 -> ((Float4Vector) fv).set(i, r + c / 10f);
                            default -> ((Float8Vector) fv).set(i, r * 0.25 + c);
                        }
                    }
                }
            }
            default -> throw new IllegalStateException(name());
        }
        for (FieldVector fv : v) {
            fv.setValueCount(rows);
        }
        root.setRowCount(rows);
    }

    /** Logical payload bytes of {@code rows} rows (values and offsets, no validity), for throughput figures. */
    public long logicalBytes(long rows) {
        return switch (this) {
            case MIXED -> rows * (4 + 8 + 4 + 1) + rows * 9;
            case NUMERIC -> rows * (4 + 8 + 4 + 8);
            case STRINGS -> rows * (4 + 4 + 51 + 4 + 6 + 1);
            case WIDE -> rows * 25L * (4 + 8 + 4 + 8);
        };
    }

    /** A dictionary provider that owns its vectors. */
    public static final class Dictionaries extends DictionaryProvider.MapDictionaryProvider implements AutoCloseable {
        @Override
        public void close() {
            for (Long id : getDictionaryIds()) {
                lookup(id).getVector().close();
            }
        }
    }
}
