package io.lightstream.format;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Deterministic test tables covering the Arrow types the file formats hold, with nulls, and a
 * row-wise normal form to compare tables independent of batching and dictionary indices.
 */
public final class SampleTables {
    private SampleTables() {}

    public static Field field(String name, ArrowType type, boolean nullable, Field... children) {
        return new Field(name, new FieldType(nullable, type, null), children.length == 0 ? null : List.of(children));
    }

    /** Every leaf type Parquet holds, one nullable column each, plus nested shapes and a dictionary column. */
    public static Schema parquetSchema() {
        List<Field> f = new ArrayList<>(flatSchema().getFields());
        f.add(field("dur_s", new ArrowType.Duration(TimeUnit.SECOND), true));
        f.add(field("dur_ns", new ArrowType.Duration(TimeUnit.NANOSECOND), true));
        f.add(field("iv_ym", new ArrowType.Interval(IntervalUnit.YEAR_MONTH), true));
        f.add(field("iv_dt", new ArrowType.Interval(IntervalUnit.DAY_TIME), true));
        f.add(field("nothing", ArrowType.Null.INSTANCE, true));
        f.add(field("half", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF), true));
        f.add(field("dec256", new ArrowType.Decimal(50, 5, 256), true));
        f.add(field("sview", ArrowType.Utf8View.INSTANCE, true));
        f.add(field("bview", ArrowType.BinaryView.INSTANCE, true));
        f.add(field("fsb", new ArrowType.FixedSizeBinary(4), true));
        f.add(field("st", ArrowType.Struct.INSTANCE, true, field("a", new ArrowType.Int(32, true), true),
                field("b", ArrowType.Utf8.INSTANCE, false)));
        f.add(field("li", ArrowType.List.INSTANCE, true, field("element", new ArrowType.Int(32, true), true)));
        f.add(field("lls", ArrowType.LargeList.INSTANCE, true, field("element", ArrowType.Utf8.INSTANCE, true)));
        f.add(field("fsl", new ArrowType.FixedSizeList(3), true,
                field("element", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), true)));
        f.add(field("los", ArrowType.List.INSTANCE, true, field("element", ArrowType.Struct.INSTANCE, true,
                field("x", new ArrowType.Int(64, true), true),
                field("y", ArrowType.List.INSTANCE, true, field("element", ArrowType.Utf8.INSTANCE, true)))));
        f.add(new Field("m", new FieldType(true, new ArrowType.Map(false), null), List.of(
                new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                        field("key", ArrowType.Utf8.INSTANCE, false), field("value", new ArrowType.Int(32, true), true))))));
        f.add(new Field("cat", new FieldType(true, new ArrowType.Int(8, true),
                new DictionaryEncoding(7, false, new ArrowType.Int(8, true))), null));
        f.add(field("req", new ArrowType.Int(64, true), false));
        return new Schema(f);
    }

    /** Flat columns every text format holds. */
    public static Schema flatSchema() {
        return new Schema(List.of(
                field("b", ArrowType.Bool.INSTANCE, true),
                field("i8", new ArrowType.Int(8, true), true),
                field("i16", new ArrowType.Int(16, true), true),
                field("i32", new ArrowType.Int(32, true), true),
                field("i64", new ArrowType.Int(64, true), true),
                field("u8", new ArrowType.Int(8, false), true),
                field("u16", new ArrowType.Int(16, false), true),
                field("u32", new ArrowType.Int(32, false), true),
                field("u64", new ArrowType.Int(64, false), true),
                field("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), true),
                field("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), true),
                field("dec9", new ArrowType.Decimal(9, 2, 128), true),
                field("dec18", new ArrowType.Decimal(18, 4, 128), true),
                field("dec38", new ArrowType.Decimal(38, 10, 128), true),
                field("s", ArrowType.Utf8.INSTANCE, true),
                field("ls", ArrowType.LargeUtf8.INSTANCE, true),
                field("bin", ArrowType.Binary.INSTANCE, true),
                field("lbin", ArrowType.LargeBinary.INSTANCE, true),
                field("d32", new ArrowType.Date(DateUnit.DAY), true),
                field("d64", new ArrowType.Date(DateUnit.MILLISECOND), true),
                field("t_s", new ArrowType.Time(TimeUnit.SECOND, 32), true),
                field("t_ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32), true),
                field("t_us", new ArrowType.Time(TimeUnit.MICROSECOND, 64), true),
                field("t_ns", new ArrowType.Time(TimeUnit.NANOSECOND, 64), true),
                field("ts_s", new ArrowType.Timestamp(TimeUnit.SECOND, null), true),
                field("ts_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"), true),
                field("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Europe/Paris"), true),
                field("ts_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), true)));
    }

    /**
     * Fills a root of {@code schema} with {@code rows} rows starting at logical row {@code start};
     * every seventh row (and row 0 of most columns) is null where the column is nullable. Dictionary
     * columns use {@code dictionaries} (filled here, first-seen order).
     */
    public static VectorSchemaRoot fill(Schema schema, BufferAllocator allocator, int start, int rows,
            DictionaryProvider.MapDictionaryProvider dictionaries) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        for (int c = 0; c < schema.getFields().size(); c++) {
            Field f = schema.getFields().get(c);
            FieldVector v = root.getVector(c);
            f = v.getField();
            if (f.getDictionary() != null) {
                fillDictionary(f, (BaseIntVector) v, allocator, start, rows, dictionaries);
                continue;
            }
            for (int r = 0; r < rows; r++) {
                long k = start + r;
                boolean isNull = f.isNullable() && (k % 7 == 3);
                if (!isNull) {
                    set(v, r, k, c);
                }
            }
            v.setValueCount(rows);
        }
        root.setRowCount(rows);
        return root;
    }

    private static final String[] CATEGORIES = {"red", "green", "blue"};

    private static void fillDictionary(Field f, BaseIntVector indices, BufferAllocator allocator, int start, int rows,
            DictionaryProvider.MapDictionaryProvider dictionaries) {
        Dictionary existing = dictionaries.lookup(f.getDictionary().getId());
        if (existing == null) {
            VarCharVector values = new VarCharVector(f.getName() + "-dict", allocator);
            values.allocateNew();
            for (int i = 0; i < CATEGORIES.length; i++) {
                values.setSafe(i, CATEGORIES[i].getBytes(StandardCharsets.UTF_8));
            }
            values.setValueCount(CATEGORIES.length);
            dictionaries.put(new Dictionary(values, f.getDictionary()));
        }
        for (int r = 0; r < rows; r++) {
            long k = start + r;
            if (k % 7 != 3) {
                indices.setWithPossibleTruncate(r, k % CATEGORIES.length);
            }
        }
        ((ValueVector) indices).setValueCount(rows);
    }

    private static void set(FieldVector v, int r, long k, int col) {
        int ik = (int) k;
        long sign = (k % 2 == 0) ? 1 : -1;
        if (v instanceof BitVector x) {
            x.setSafe(r, k % 3 == 0 ? 1 : 0);
        } else if (v instanceof TinyIntVector x) {
            x.setSafe(r, (byte) (k * 37 * sign));
        } else if (v instanceof SmallIntVector x) {
            x.setSafe(r, (short) (k * 1001 * sign));
        } else if (v instanceof IntVector x) {
            x.setSafe(r, (int) (k * 100_003 * sign));
        } else if (v instanceof BigIntVector x) {
            x.setSafe(r, k * 10_000_000_019L * sign);
        } else if (v instanceof UInt1Vector x) {
            x.setSafe(r, (byte) (200 + k % 50));
        } else if (v instanceof UInt2Vector x) {
            x.setSafe(r, (char) (60_000 + k % 5000));
        } else if (v instanceof UInt4Vector x) {
            x.setSafe(r, (int) (3_000_000_000L + k));
        } else if (v instanceof UInt8Vector x) {
            x.setSafe(r, -1L - k);
        } else if (v instanceof Float2Vector x) {
            x.setSafeWithPossibleTruncate(r, (float) (k * 0.5 * sign));
        } else if (v instanceof Float4Vector x) {
            x.setSafe(r, k * 1.25f * sign);
        } else if (v instanceof Float8Vector x) {
            x.setSafe(r, k * 3.0e-3 * sign + (k == 5 ? Double.NaN : 0));
        } else if (v instanceof DecimalVector x) {
            int scale = x.getScale();
            long unscaled = (k * 12_345_679L) % (x.getPrecision() < 10 ? 999_999_999L : Long.MAX_VALUE / 2) * sign;
            BigDecimal d = BigDecimal.valueOf(unscaled, scale);
            if (x.getPrecision() >= 38) {
                d = d.multiply(BigDecimal.TEN.pow(20)).setScale(scale);
            }
            x.setSafe(r, d);
        } else if (v instanceof Decimal256Vector x) {
            x.setSafe(r, new BigDecimal("123456789012345678901234567890123456789").multiply(BigDecimal.valueOf(k * sign))
                    .setScale(x.getScale()));
        } else if (v instanceof VarCharVector x) {
            x.setSafe(r, text(k, col).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof LargeVarCharVector x) {
            x.setSafe(r, text(k, col).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof BaseVariableWidthViewVector x) {
            byte[] b = (k % 3 == 0 ? "a long view value beyond twelve bytes #" + k : "v" + k).getBytes(StandardCharsets.UTF_8);
            x.setSafe(r, b);
        } else if (v instanceof VarBinaryVector x) {
            x.setSafe(r, bytes(k));
        } else if (v instanceof LargeVarBinaryVector x) {
            x.setSafe(r, bytes(k));
        } else if (v instanceof FixedSizeBinaryVector x) {
            x.setSafe(r, new byte[] {(byte) k, (byte) (k >> 8), 0, (byte) 0xFF});
        } else if (v instanceof DateDayVector x) {
            x.setSafe(r, (int) (k * 400 * sign));
        } else if (v instanceof DateMilliVector x) {
            x.setSafe(r, k * 86_400_000L * sign);
        } else if (v instanceof TimeSecVector x) {
            x.setSafe(r, (int) (k * 37 % 86_400));
        } else if (v instanceof TimeMilliVector x) {
            x.setSafe(r, (int) (k * 3_701 % 86_400_000));
        } else if (v instanceof TimeMicroVector x) {
            x.setSafe(r, k * 3_700_001L % 86_400_000_000L);
        } else if (v instanceof TimeNanoVector x) {
            x.setSafe(r, k * 3_700_000_001L % 86_400_000_000_000L);
        } else if (v instanceof TimeStampVector x) {
            x.setSafe(r, k * 1_000_003L * sign);
        } else if (v instanceof DurationVector x) {
            x.setSafe(r, k * 77L * sign);
        } else if (v instanceof IntervalYearVector x) {
            x.setSafe(r, (int) (k * sign));
        } else if (v instanceof IntervalDayVector x) {
            x.setSafe(r, (int) k, (int) (k * 1000 * sign));
        } else if (v instanceof NullVector) {
            // always null
        } else if (v instanceof StructVector x) {
            x.setIndexDefined(r);
            set((FieldVector) x.getChildByOrdinal(0), r, k, col);
            set((FieldVector) x.getChildByOrdinal(1), r, k + 1, col);
        } else if (v instanceof MapVector x) {
            int n = (int) (k % 3);
            int off = x.startNewValue(r);
            StructVector entries = (StructVector) x.getDataVector();
            for (int i = 0; i < n; i++) {
                entries.setIndexDefined(off + i);
                ((VarCharVector) entries.getChildByOrdinal(0)).setSafe(off + i, ("k" + i).getBytes(StandardCharsets.UTF_8));
                if (i != 1) {
                    ((IntVector) entries.getChildByOrdinal(1)).setSafe(off + i, ik + i);
                }
            }
            x.endValue(r, n);
        } else if (v instanceof ListVector x) {
            int n = (int) (k % 4);
            int off = x.startNewValue(r);
            FieldVector data = x.getDataVector();
            for (int i = 0; i < n; i++) {
                if ((k + i) % 5 != 2) {
                    set(data, off + i, k * 10 + i, col);
                } else if (data instanceof StructVector s) {
                    s.setNull(off + i);
                }
            }
            x.endValue(r, n);
        } else if (v instanceof LargeListVector x) {
            int n = (int) (k % 3);
            long off = x.startNewValue(r);
            FieldVector data = x.getDataVector();
            for (int i = 0; i < n; i++) {
                if (i != 1) {
                    set(data, (int) off + i, k * 10 + i, col);
                }
            }
            x.endValue(r, n);
        } else if (v instanceof FixedSizeListVector x) {
            x.setNotNull(r);
            FieldVector data = x.getDataVector();
            for (int i = 0; i < 3; i++) {
                if (i != 2 || k % 2 == 0) {
                    set(data, r * 3 + i, k + i, col);
                }
            }
        } else {
            throw new IllegalArgumentException("no sample values for " + v.getField());
        }
    }

    private static String text(long k, int col) {
        switch ((int) (k % 6)) {
            case 0:
                return "";
            case 1:
                return "plain " + k;
            case 2:
                return "comma, \"quote\" and\nnewline " + k;
            case 4:
                return " padded " + k + " ";
            case 5:
                return "ünïcödé ✓ 日本 " + k;
            default:
                return "c" + col + "_" + k;
        }
    }

    private static byte[] bytes(long k) {
        byte[] b = new byte[(int) (k % 5)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (k * 31 + i);
        }
        return b;
    }

    /** The rows of a batch in a comparable form: dictionary columns decoded, bytes as hex, nested as lists/maps. */
    public static List<List<Object>> rows(VectorSchemaRoot root, DictionaryProvider dictionaries) {
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < root.getFieldVectors().size(); c++) {
                FieldVector v = root.getVector(c);
                Field f = v.getField();
                Object value;
                if (f.getDictionary() != null && !v.isNull(r)) {
                    Dictionary d = dictionaries.lookup(f.getDictionary().getId());
                    value = d.getVector().getObject((int) ((BaseIntVector) v).getValueAsLong(r));
                } else {
                    value = v.getObject(r);
                }
                row.add(normal(value));
            }
            out.add(row);
        }
        return out;
    }

    public static Object normal(Object o) {
        if (o instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        if (o instanceof Text t) {
            return t.toString();
        }
        if (o instanceof List<?> l) {
            List<Object> n = new ArrayList<>();
            for (Object x : l) {
                n.add(normal(x));
            }
            return n;
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> n = new LinkedHashMap<>();
            m.forEach((a, b) -> n.put(normal(a), normal(b)));
            return n;
        }
        if (o instanceof Object[] a) {
            return normal(Arrays.asList(a));
        }
        return o;
    }
}
