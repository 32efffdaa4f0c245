package io.lightstream.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
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
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
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
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.RunEndEncodedVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.complex.impl.UnionFixedSizeListWriter;
import org.apache.arrow.vector.complex.impl.UnionLargeListWriter;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.complex.impl.UnionMapWriter;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.holders.NullableFloat8Holder;
import org.apache.arrow.vector.holders.NullableIntHolder;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.Types.MinorType;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Batches holding every Arrow type Arrow Java can represent, with deterministic values (including
 * range extremes, pre-epoch times, long strings for view types) and nulls, for round-trip and
 * interoperability tests.
 *
 * <p>Usage: build the schema, then {@link #fill} a root created from it; dictionary-encoded
 * columns resolve through {@link #dictionaries}. The caller closes everything it created.
 */
public final class TypeFixtures implements AutoCloseable {
    /** Dictionary of colour names shared by the integer-index columns. */
    public static final long COLOURS = 7;
    /** Dictionary of 64-bit values. */
    public static final long NUMBERS = 8;

    private final BufferAllocator allocator;
    private final DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();
    private final List<FieldVector> dictionaryVectors = new ArrayList<>();

    public TypeFixtures(BufferAllocator allocator) {
        this.allocator = allocator;
        VarCharVector colours = new VarCharVector("colours", allocator);
        String[] names = {"red", "green", "blue", "cyan", "magenta", "yellow", "black", "white"};
        colours.allocateNew();
        for (int i = 0; i < names.length; i++) {
            colours.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
        }
        colours.setValueCount(names.length);
        BigIntVector numbers = new BigIntVector("numbers", allocator);
        numbers.allocateNew(5);
        long[] nums = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
        for (int i = 0; i < nums.length; i++) {
            numbers.set(i, nums[i]);
        }
        numbers.setValueCount(nums.length);
        dictionaryVectors.add(colours);
        dictionaryVectors.add(numbers);
        dictionaries.put(new Dictionary(colours, new DictionaryEncoding(COLOURS, false, new ArrowType.Int(8, true))));
        dictionaries.put(new Dictionary(numbers, new DictionaryEncoding(NUMBERS, false, new ArrowType.Int(32, true))));
    }

    /** Dictionaries of the encoded columns of {@link #schema}. */
    public DictionaryProvider dictionaries() {
        return dictionaries;
    }

    private static Field f(String name, boolean nullable, ArrowType type, Field... children) {
        return new Field(name, new FieldType(nullable, type, null), List.of(children));
    }

    private static Field dict(String name, boolean nullable, long id, ArrowType.Int index) {
        return new Field(name, new FieldType(nullable, index, new DictionaryEncoding(id, false, index)), null);
    }

    /** A few columns covering each kind of layout (fixed, variable, nested, dictionary), for exhaustive split tests. */
    public static Schema compactSchema() {
        List<Field> fields = new ArrayList<>();
        for (Field f : schema(true).getFields()) {
            if (List.of("int32", "utf8", "utf8_view", "list", "struct", "dense_union", "dict_uint8").contains(f.getName())) {
                fields.add(f);
            }
        }
        return new Schema(fields);
    }

    /** Every column, all nullable or all not nullable (children of nested types follow the same rule). */
    public static Schema schema(boolean nullable) {
        boolean n = nullable;
        List<Field> fields = new ArrayList<>();
        fields.add(f("null", true, ArrowType.Null.INSTANCE));
        fields.add(f("bool", n, ArrowType.Bool.INSTANCE));
        for (int bits : new int[] {8, 16, 32, 64}) {
            fields.add(f("int" + bits, n, new ArrowType.Int(bits, true)));
            fields.add(f("uint" + bits, n, new ArrowType.Int(bits, false)));
        }
        fields.add(f("float16", n, new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)));
        fields.add(f("float32", n, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
        fields.add(f("float64", n, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
        fields.add(f("decimal128", n, new ArrowType.Decimal(38, 10, 128)));
        fields.add(f("decimal256", n, new ArrowType.Decimal(76, 20, 256)));
        fields.add(f("utf8", n, ArrowType.Utf8.INSTANCE));
        fields.add(f("large_utf8", n, ArrowType.LargeUtf8.INSTANCE));
        fields.add(f("binary", n, ArrowType.Binary.INSTANCE));
        fields.add(f("large_binary", n, ArrowType.LargeBinary.INSTANCE));
        fields.add(f("fixed_binary", n, new ArrowType.FixedSizeBinary(5)));
        fields.add(f("utf8_view", n, ArrowType.Utf8View.INSTANCE));
        fields.add(f("binary_view", n, ArrowType.BinaryView.INSTANCE));
        fields.add(f("date32", n, new ArrowType.Date(DateUnit.DAY)));
        fields.add(f("date64", n, new ArrowType.Date(DateUnit.MILLISECOND)));
        fields.add(f("time32_s", n, new ArrowType.Time(TimeUnit.SECOND, 32)));
        fields.add(f("time32_ms", n, new ArrowType.Time(TimeUnit.MILLISECOND, 32)));
        fields.add(f("time64_us", n, new ArrowType.Time(TimeUnit.MICROSECOND, 64)));
        fields.add(f("time64_ns", n, new ArrowType.Time(TimeUnit.NANOSECOND, 64)));
        for (TimeUnit u : TimeUnit.values()) {
            String s = u.name().toLowerCase();
            fields.add(f("ts_" + s, n, new ArrowType.Timestamp(u, null)));
            fields.add(f("ts_" + s + "_utc", n, new ArrowType.Timestamp(u, "UTC")));
            fields.add(f("duration_" + s, n, new ArrowType.Duration(u)));
        }
        fields.add(f("ts_ns_zoned", n, new ArrowType.Timestamp(TimeUnit.NANOSECOND, "Europe/Paris")));
        fields.add(f("interval_ym", n, new ArrowType.Interval(IntervalUnit.YEAR_MONTH)));
        fields.add(f("interval_dt", n, new ArrowType.Interval(IntervalUnit.DAY_TIME)));
        fields.add(f("interval_mdn", n, new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO)));
        fields.add(f("list", n, ArrowType.List.INSTANCE, f("item", n, new ArrowType.Int(32, true))));
        fields.add(f("large_list", n, ArrowType.LargeList.INSTANCE, f("item", n, ArrowType.Utf8.INSTANCE)));
        fields.add(f("list_view", n, ArrowType.ListView.INSTANCE, f("item", n, new ArrowType.Int(32, true))));
        fields.add(f("large_list_view", n, ArrowType.LargeListView.INSTANCE, f("item", n, ArrowType.Utf8.INSTANCE)));
        fields.add(f("fixed_list", n, new ArrowType.FixedSizeList(3),
                f("item", n, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
        fields.add(f("struct", n, ArrowType.Struct.INSTANCE, f("a", n, new ArrowType.Int(32, true)),
                f("b", n, ArrowType.Utf8.INSTANCE)));
        fields.add(f("map", n, new ArrowType.Map(false), f("entries", false, ArrowType.Struct.INSTANCE,
                f("key", false, ArrowType.Utf8.INSTANCE), f("value", n, new ArrowType.Int(64, true)))));
        fields.add(f("dense_union", true,
                new ArrowType.Union(UnionMode.Dense, new int[] {0, 1}),
                f("i", true, new ArrowType.Int(32, true)), f("s", true, ArrowType.Utf8.INSTANCE)));
        fields.add(f("sparse_union", true,
                new ArrowType.Union(UnionMode.Sparse, new int[] {MinorType.INT.ordinal(), MinorType.FLOAT8.ordinal()}),
                f("int", true, new ArrowType.Int(32, true)),
                f("float8", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
        fields.add(f("run_end", n, ArrowType.RunEndEncoded.INSTANCE, f("run_ends", false, new ArrowType.Int(32, true)),
                f("values", true, ArrowType.Utf8.INSTANCE)));
        fields.add(dict("dict_int8", n, COLOURS, new ArrowType.Int(8, true)));
        fields.add(dict("dict_uint8", n, COLOURS, new ArrowType.Int(8, false)));
        fields.add(dict("dict_int16", n, COLOURS, new ArrowType.Int(16, true)));
        fields.add(dict("dict_uint32", n, COLOURS, new ArrowType.Int(32, false)));
        fields.add(dict("dict_int64", n, COLOURS, new ArrowType.Int(64, true)));
        fields.add(dict("dict_numbers", n, NUMBERS, new ArrowType.Int(32, true)));
        return new Schema(fields, Map.of("origin", "fixtures", "note", "schema metadata survives"));
    }

    /** Fills {@code root} (created from {@link #schema}) with {@code rows} rows; every third row is null where nullable. */
    public void fill(VectorSchemaRoot root, int rows) {
        for (FieldVector v : root.getFieldVectors()) {
            // clear first: RunEndEncodedVector.allocateNew leaks the previous children otherwise
            v.clear();
            v.allocateNew();
            fill(v, rows);
            v.setValueCount(rows);
        }
        root.setRowCount(rows);
    }

    private static boolean isNull(FieldVector v, int i) {
        return v.getField().isNullable() && i % 3 == 2;
    }

    private static String text(int i) {
        return i % 4 == 0 ? "" : i % 4 == 1 ? "row-" + i : i % 4 == 2 ? "ünïcødé ✓ " + i : "a string longer than twelve bytes #" + i;
    }

    private void fill(FieldVector v, int rows) {
        String name = v.getField().getName();
        if (v.getField().getDictionary() != null) {
            BaseIntVector idx = (BaseIntVector) v;
            int size = v.getField().getDictionary().getId() == COLOURS ? 8 : 5;
            for (int i = 0; i < rows; i++) {
                if (isNull(v, i)) {
                    ((BaseFixedWidthVector) v).setNull(i);
                } else {
                    idx.setWithPossibleTruncate(i, i % size);
                }
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            if (isNull(v, i) && !(v instanceof NullVector) && !(v instanceof DenseUnionVector)
                    && !(v instanceof UnionVector) && !(v instanceof RunEndEncodedVector)) {
                setNull(v, i);
                continue;
            }
            long big = (i % 5 == 0) ? Long.MAX_VALUE : (i % 5 == 1) ? Long.MIN_VALUE : (long) i * 1_000_003L - 7;
            switch (v.getMinorType()) {
                case NULL -> { }
                case BIT -> ((BitVector) v).setSafe(i, i % 2);
                case TINYINT -> ((TinyIntVector) v).setSafe(i, (byte) (i % 2 == 0 ? Byte.MIN_VALUE + i % 7 : Byte.MAX_VALUE - i % 7));
                case UINT1 -> ((UInt1Vector) v).setSafe(i, (byte) (i % 2 == 0 ? 0xFF : i));
                case SMALLINT -> ((SmallIntVector) v).setSafe(i, (short) (i % 2 == 0 ? Short.MIN_VALUE : Short.MAX_VALUE - i));
                case UINT2 -> ((UInt2Vector) v).setSafe(i, (char) (i % 2 == 0 ? 0xFFFF : i));
                case INT -> ((IntVector) v).setSafe(i, i % 2 == 0 ? Integer.MIN_VALUE + i : Integer.MAX_VALUE - i);
                case UINT4 -> ((UInt4Vector) v).setSafe(i, i % 2 == 0 ? 0xFFFF_FFFF : i);
                case BIGINT -> ((BigIntVector) v).setSafe(i, big);
                case UINT8 -> ((UInt8Vector) v).setSafe(i, i % 2 == 0 ? -1L : i);
                case FLOAT2 -> ((Float2Vector) v).setSafe(i, Float16.toFloat16(i * 0.5f - 3));
                case FLOAT4 -> ((Float4Vector) v).setSafe(i, i % 7 == 3 ? Float.NaN : i * 1.25f - 100);
                case FLOAT8 -> ((Float8Vector) v).setSafe(i, i % 7 == 4 ? Double.NEGATIVE_INFINITY : i * 1e-9 - 1e300);
                case DECIMAL -> ((DecimalVector) v).setSafe(i, new BigDecimal(new BigInteger("-12345678901234567890123456").add(BigInteger.valueOf(i)), 10));
                case DECIMAL256 -> ((Decimal256Vector) v).setSafe(i, new BigDecimal(new BigInteger("98765432109876543210987654321098765432109876").negate().add(BigInteger.valueOf(i)), 20));
                case VARCHAR -> ((VarCharVector) v).setSafe(i, text(i).getBytes(StandardCharsets.UTF_8));
                case LARGEVARCHAR -> ((LargeVarCharVector) v).setSafe(i, text(i).getBytes(StandardCharsets.UTF_8));
                case VARBINARY -> ((VarBinaryVector) v).setSafe(i, new byte[] {(byte) i, 0, (byte) 0xFF});
                case LARGEVARBINARY -> ((LargeVarBinaryVector) v).setSafe(i, new byte[i % 6]);
                case FIXEDSIZEBINARY -> ((FixedSizeBinaryVector) v).setSafe(i, new byte[] {1, 2, 3, 4, (byte) i});
                case VIEWVARCHAR -> ((ViewVarCharVector) v).setSafe(i, text(i).getBytes(StandardCharsets.UTF_8));
                case VIEWVARBINARY -> ((ViewVarBinaryVector) v).setSafe(i, ("binary view value " + i).getBytes(StandardCharsets.UTF_8));
                case DATEDAY -> ((DateDayVector) v).setSafe(i, i % 2 == 0 ? -719_162 + i : 2_932_896 - i);
                case DATEMILLI -> ((DateMilliVector) v).setSafe(i, (i - 5) * 86_400_000L);
                case TIMESEC -> ((TimeSecVector) v).setSafe(i, i % 86_400);
                case TIMEMILLI -> ((TimeMilliVector) v).setSafe(i, 86_399_999 - i);
                case TIMEMICRO -> ((TimeMicroVector) v).setSafe(i, 86_399_999_999L - i);
                case TIMENANO -> ((TimeNanoVector) v).setSafe(i, 86_399_999_999_999L - i);
                case TIMESTAMPSEC, TIMESTAMPMILLI, TIMESTAMPMICRO, TIMESTAMPNANO, TIMESTAMPSECTZ, TIMESTAMPMILLITZ,
                        TIMESTAMPMICROTZ, TIMESTAMPNANOTZ -> ((TimeStampVector) v).setSafe(i, i % 3 == 0 ? -1 : (i - 4) * 999_999_937L);
                case DURATION -> ((DurationVector) v).setSafe(i, big);
                case INTERVALYEAR -> ((IntervalYearVector) v).setSafe(i, i - 12);
                case INTERVALDAY -> ((IntervalDayVector) v).setSafe(i, i - 3, 86_399_999 - i);
                case INTERVALMONTHDAYNANO -> ((IntervalMonthDayNanoVector) v).setSafe(i, i, -i, big);
                default -> {
                    fillNested(v, rows);
                    return;
                }
            }
        }
    }

    private static void setNull(FieldVector v, int i) {
        if (v instanceof BaseFixedWidthVector fw) {
            fw.setNull(i);
        } else if (v instanceof org.apache.arrow.vector.BaseVariableWidthVector vw) {
            vw.setNull(i);
        } else if (v instanceof org.apache.arrow.vector.BaseLargeVariableWidthVector lw) {
            lw.setNull(i);
        } else if (v instanceof org.apache.arrow.vector.BaseVariableWidthViewVector vv) {
            vv.setNull(i);
        } else if (v instanceof ListVector l) {
            l.setNull(i);
        } else if (v instanceof org.apache.arrow.vector.complex.ListViewVector l) {
            l.setNull(i);
        } else if (v instanceof org.apache.arrow.vector.complex.LargeListViewVector l) {
            l.setNull(i);
        } else if (v instanceof LargeListVector l) {
            l.setNull(i);
        } else if (v instanceof FixedSizeListVector l) {
            l.setNull(i);
        } else if (v instanceof StructVector s) {
            s.setNull(i);
        } else {
            throw new IllegalStateException("no null setter for " + v.getField());
        }
    }

    private void fillNested(FieldVector v, int rows) {
        boolean nullable = v.getField().isNullable();
        if (v instanceof MapVector m) {
            UnionMapWriter w = m.getWriter();
            for (int i = 0; i < rows; i++) {
                if (nullable && i % 3 == 2) {
                    continue;
                }
                w.setPosition(i);
                w.startMap();
                for (int e = 0; e < i % 3; e++) {
                    w.startEntry();
                    w.key().varChar().writeVarChar(new Text("k" + e));
                    w.value().bigInt().writeBigInt(i * 10L + e);
                    w.endEntry();
                }
                w.endMap();
            }
            w.setValueCount(rows);
        } else if (v instanceof org.apache.arrow.vector.complex.ListViewVector l) {
            IntVector items = (IntVector) l.getDataVector();
            int next = 0;
            for (int i = 0; i < rows; i++) {
                if (nullable && i % 3 == 2) {
                    l.setNull(i);
                    continue;
                }
                int size = i % 4;
                // views may overlap and come in any order: point some rows back at earlier items
                int start = i % 5 == 4 && next >= size ? next - size : next;
                if (start == next) {
                    for (int e = 0; e < size; e++) {
                        items.setSafe(next++, i * 100 + e);
                    }
                    items.setValueCount(next);
                }
                l.setOffset(i, start);
                l.setSize(i, size);
                l.setValidity(i, 1);
            }
            items.setValueCount(next);
            l.setValueCount(rows);
        } else if (v instanceof org.apache.arrow.vector.complex.LargeListViewVector l) {
            VarCharVector items = (VarCharVector) l.getDataVector();
            int next = 0;
            for (int i = 0; i < rows; i++) {
                if (nullable && i % 3 == 2) {
                    l.setNull(i);
                    continue;
                }
                int size = i % 3;
                int start = next;
                for (int e = 0; e < size; e++) {
                    items.setSafe(next++, text(i + e).getBytes(StandardCharsets.UTF_8));
                }
                items.setValueCount(next);
                l.setOffset(i, start);
                l.setSize(i, size);
                l.setValidity(i, 1);
            }
            items.setValueCount(next);
            l.setValueCount(rows);
        } else if (v instanceof ListVector l) {
            UnionListWriter w = l.getWriter();
            for (int i = 0; i < rows; i++) {
                if (nullable && i % 3 == 2) {
                    continue;
                }
                w.setPosition(i);
                w.startList();
                for (int e = 0; e < i % 4; e++) {
                    w.integer().writeInt(i * 100 + e);
                }
                w.endList();
            }
            w.setValueCount(rows);
        } else if (v instanceof LargeListVector l) {
            UnionLargeListWriter w = l.getWriter();
            for (int i = 0; i < rows; i++) {
                if (nullable && i % 3 == 2) {
                    continue;
                }
                w.setPosition(i);
                w.startList();
                for (int e = 0; e < i % 3; e++) {
                    w.varChar().writeVarChar(new Text(text(i + e)));
                }
                w.endList();
            }
            w.setValueCount(rows);
        } else if (v instanceof FixedSizeListVector l) {
            UnionFixedSizeListWriter w = l.getWriter();
            for (int i = 0; i < rows; i++) {
                if (nullable && i % 3 == 2) {
                    continue;
                }
                w.setPosition(i);
                w.startList();
                for (int e = 0; e < 3; e++) {
                    w.float8().writeFloat8(i + e / 10.0);
                }
                w.endList();
            }
            w.setValueCount(rows);
        } else if (v instanceof StructVector s) {
            IntVector a = (IntVector) s.getChild("a");
            VarCharVector b = (VarCharVector) s.getChild("b");
            for (int i = 0; i < rows; i++) {
                if (nullable && i % 3 == 2) {
                    s.setNull(i);
                    continue;
                }
                s.setIndexDefined(i);
                a.setSafe(i, -i);
                b.setSafe(i, text(i).getBytes(StandardCharsets.UTF_8));
            }
            a.setValueCount(rows);
            b.setValueCount(rows);
        } else if (v instanceof DenseUnionVector u) {
            IntVector iv = (IntVector) u.getVectorByType((byte) 0);
            VarCharVector sv = (VarCharVector) u.getVectorByType((byte) 1);
            int[] counts = new int[2];
            for (int i = 0; i < rows; i++) {
                byte type = (byte) (i % 2);
                while (u.getOffsetBuffer().capacity() < (long) (i + 1) * DenseUnionVector.OFFSET_WIDTH
                        || u.getTypeBuffer().capacity() < i + 1) {
                    u.reAlloc();
                }
                u.setTypeId(i, type);
                int off = counts[type]++;
                u.getOffsetBuffer().setInt((long) i * DenseUnionVector.OFFSET_WIDTH, off);
                if (type == 0) {
                    if (i % 5 == 4) {
                        iv.setNull(off);
                    } else {
                        iv.setSafe(off, i);
                    }
                } else {
                    sv.setSafe(off, text(i).getBytes(StandardCharsets.UTF_8));
                }
            }
            iv.setValueCount(counts[0]);
            sv.setValueCount(counts[1]);
        } else if (v instanceof UnionVector u) {
            for (int i = 0; i < rows; i++) {
                if (i % 2 == 0) {
                    NullableIntHolder h = new NullableIntHolder();
                    h.isSet = i % 5 == 4 ? 0 : 1;
                    h.value = i;
                    u.setType(i, MinorType.INT);
                    u.setSafe(i, h);
                } else {
                    NullableFloat8Holder h = new NullableFloat8Holder();
                    h.isSet = 1;
                    h.value = i / 4.0;
                    u.setType(i, MinorType.FLOAT8);
                    u.setSafe(i, h);
                }
            }
        } else if (v instanceof RunEndEncodedVector r) {
            IntVector ends = (IntVector) r.getRunEndsVector();
            VarCharVector values = (VarCharVector) r.getValuesVector();
            int runs = (rows + 2) / 3;
            for (int j = 0; j < runs; j++) {
                ends.setSafe(j, Math.min(3 * (j + 1), rows));
                if (j % 4 == 3) {
                    values.setNull(j);
                } else {
                    values.setSafe(j, ("run " + j).getBytes(StandardCharsets.UTF_8));
                }
            }
            ends.setValueCount(runs);
            values.setValueCount(runs);
        } else {
            throw new IllegalStateException("no fixture values for " + v.getField());
        }
    }

    @Override
    public void close() {
        for (FieldVector v : dictionaryVectors) {
            v.close();
        }
    }
}
