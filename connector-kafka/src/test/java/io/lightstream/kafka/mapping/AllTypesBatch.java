package io.lightstream.kafka.mapping;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
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
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.ListViewVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A three-row batch with a column of every Arrow type the mapping supports, filled through Arrow's
 * own vector API: row 0 ordinary values, row 1 extreme and pre-epoch values, row 2 nulls.
 */
public final class AllTypesBatch {
    public static final int ROWS = 3;

    private AllTypesBatch() {}

    static Field nullable(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), children.length == 0 ? null : List.of(children));
    }

    static Field required(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.notNullable(type), children.length == 0 ? null : List.of(children));
    }

    public static Schema schema() {
        Field entries = required("entries", ArrowType.Struct.INSTANCE,
                required("key", ArrowType.Utf8.INSTANCE), nullable("value", new ArrowType.Int(64, true)));
        Field annotated = new Field("annotated", new FieldType(true, ArrowType.Utf8.INSTANCE, null,
                Map.of("comment", "has metadata")), null);
        return new Schema(List.of(
                nullable("bool", ArrowType.Bool.INSTANCE),
                nullable("i8", new ArrowType.Int(8, true)),
                nullable("i16", new ArrowType.Int(16, true)),
                nullable("i32", new ArrowType.Int(32, true)),
                nullable("i64", new ArrowType.Int(64, true)),
                nullable("u8", new ArrowType.Int(8, false)),
                nullable("u16", new ArrowType.Int(16, false)),
                nullable("u32", new ArrowType.Int(32, false)),
                nullable("u64", new ArrowType.Int(64, false)),
                nullable("f16", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)),
                nullable("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                nullable("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                nullable("utf8", ArrowType.Utf8.INSTANCE),
                nullable("large_utf8", ArrowType.LargeUtf8.INSTANCE),
                nullable("utf8_view", ArrowType.Utf8View.INSTANCE),
                nullable("binary", ArrowType.Binary.INSTANCE),
                nullable("large_binary", ArrowType.LargeBinary.INSTANCE),
                nullable("binary_view", ArrowType.BinaryView.INSTANCE),
                nullable("fixed_binary", new ArrowType.FixedSizeBinary(4)),
                nullable("dec128", new ArrowType.Decimal(10, 2, 128)),
                nullable("dec256", new ArrowType.Decimal(40, 5, 256)),
                nullable("dec256_narrow", new ArrowType.Decimal(20, 3, 256)),
                nullable("date32", new ArrowType.Date(DateUnit.DAY)),
                nullable("date64", new ArrowType.Date(DateUnit.MILLISECOND)),
                nullable("time_s", new ArrowType.Time(TimeUnit.SECOND, 32)),
                nullable("time_ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32)),
                nullable("time_us", new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
                nullable("time_ns", new ArrowType.Time(TimeUnit.NANOSECOND, 64)),
                nullable("ts_s", new ArrowType.Timestamp(TimeUnit.SECOND, null)),
                nullable("ts_ms_utc", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
                nullable("ts_ms_paris", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "Europe/Paris")),
                nullable("ts_us_utc", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                nullable("ts_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
                nullable("dur_s", new ArrowType.Duration(TimeUnit.SECOND)),
                nullable("dur_ns", new ArrowType.Duration(TimeUnit.NANOSECOND)),
                nullable("iv_ym", new ArrowType.Interval(IntervalUnit.YEAR_MONTH)),
                nullable("iv_dt", new ArrowType.Interval(IntervalUnit.DAY_TIME)),
                nullable("iv_mdn", new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO)),
                nullable("list", ArrowType.List.INSTANCE, nullable("item", new ArrowType.Int(32, true))),
                nullable("large_list", ArrowType.LargeList.INSTANCE, nullable("item", ArrowType.Utf8.INSTANCE)),
                nullable("fixed_list", new ArrowType.FixedSizeList(2),
                        nullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))),
                nullable("list_view", ArrowType.ListView.INSTANCE, nullable("item", new ArrowType.Int(64, true))),
                nullable("struct", ArrowType.Struct.INSTANCE,
                        required("a", new ArrowType.Int(32, true)), nullable("b", ArrowType.Utf8.INSTANCE)),
                nullable("map", new ArrowType.Map(false), entries),
                nullable("nothing", ArrowType.Null.INSTANCE),
                required("required", new ArrowType.Int(32, true)),
                annotated),
                Map.of("origin", "all-types"));
    }

    /** A filled root; the caller closes it. */
    public static VectorSchemaRoot create(BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
        root.allocateNew();
        ((BitVector) v(root, "bool")).setSafe(0, 1);
        ((BitVector) v(root, "bool")).setSafe(1, 0);
        ((TinyIntVector) v(root, "i8")).setSafe(0, 7);
        ((TinyIntVector) v(root, "i8")).setSafe(1, Byte.MIN_VALUE);
        ((SmallIntVector) v(root, "i16")).setSafe(0, 300);
        ((SmallIntVector) v(root, "i16")).setSafe(1, Short.MAX_VALUE);
        ((IntVector) v(root, "i32")).setSafe(0, -5);
        ((IntVector) v(root, "i32")).setSafe(1, Integer.MIN_VALUE);
        ((BigIntVector) v(root, "i64")).setSafe(0, 1L << 40);
        ((BigIntVector) v(root, "i64")).setSafe(1, Long.MAX_VALUE);
        ((UInt1Vector) v(root, "u8")).setSafe(0, 1);
        ((UInt1Vector) v(root, "u8")).setSafe(1, 0xFF);
        ((UInt2Vector) v(root, "u16")).setSafe(0, 2);
        ((UInt2Vector) v(root, "u16")).setSafe(1, 0xFFFF);
        ((UInt4Vector) v(root, "u32")).setSafe(0, 3);
        ((UInt4Vector) v(root, "u32")).setSafe(1, 0xFFFF_FFFF);
        ((UInt8Vector) v(root, "u64")).setSafe(0, 4);
        ((UInt8Vector) v(root, "u64")).setSafe(1, -1L);
        ((Float2Vector) v(root, "f16")).setSafeWithPossibleTruncate(0, 1.5f);
        ((Float2Vector) v(root, "f16")).setSafeWithPossibleTruncate(1, -65504f);
        ((Float4Vector) v(root, "f32")).setSafe(0, 3.25f);
        ((Float4Vector) v(root, "f32")).setSafe(1, Float.MAX_VALUE);
        ((Float8Vector) v(root, "f64")).setSafe(0, Math.PI);
        ((Float8Vector) v(root, "f64")).setSafe(1, -Double.MIN_VALUE);
        ((VarCharVector) v(root, "utf8")).setSafe(0, utf8("héllo"));
        ((VarCharVector) v(root, "utf8")).setSafe(1, utf8(""));
        ((LargeVarCharVector) v(root, "large_utf8")).setSafe(0, utf8("large"));
        ((LargeVarCharVector) v(root, "large_utf8")).setSafe(1, utf8("日本"));
        ((ViewVarCharVector) v(root, "utf8_view")).setSafe(0, utf8("short"));
        ((ViewVarCharVector) v(root, "utf8_view")).setSafe(1, utf8("a view string longer than twelve bytes"));
        ((VarBinaryVector) v(root, "binary")).setSafe(0, new byte[] {1, 2, 3});
        ((VarBinaryVector) v(root, "binary")).setSafe(1, new byte[0]);
        ((LargeVarBinaryVector) v(root, "large_binary")).setSafe(0, new byte[] {4});
        ((LargeVarBinaryVector) v(root, "large_binary")).setSafe(1, new byte[] {(byte) 0xFF, 0});
        ((ViewVarBinaryVector) v(root, "binary_view")).setSafe(0, new byte[] {5, 6});
        ((ViewVarBinaryVector) v(root, "binary_view")).setSafe(1, new byte[20]);
        ((FixedSizeBinaryVector) v(root, "fixed_binary")).setSafe(0, new byte[] {1, 2, 3, 4});
        ((FixedSizeBinaryVector) v(root, "fixed_binary")).setSafe(1, new byte[] {-1, -2, -3, -4});
        ((DecimalVector) v(root, "dec128")).setSafe(0, new BigDecimal("12345678.90"));
        ((DecimalVector) v(root, "dec128")).setSafe(1, new BigDecimal("-99999999.99"));
        ((Decimal256Vector) v(root, "dec256")).setSafe(0, new BigDecimal("12345678901234567890123456789012345.12345"));
        ((Decimal256Vector) v(root, "dec256")).setSafe(1, new BigDecimal("-0.00001"));
        ((Decimal256Vector) v(root, "dec256_narrow")).setSafe(0, new BigDecimal("1.500"));
        ((Decimal256Vector) v(root, "dec256_narrow")).setSafe(1, new BigDecimal("-99999999999999999.999"));
        ((DateDayVector) v(root, "date32")).setSafe(0, 19_000);
        ((DateDayVector) v(root, "date32")).setSafe(1, -1);
        ((DateMilliVector) v(root, "date64")).setSafe(0, 19_000L * 86_400_000L);
        ((DateMilliVector) v(root, "date64")).setSafe(1, -86_400_000L);
        ((TimeSecVector) v(root, "time_s")).setSafe(0, 3600);
        ((TimeSecVector) v(root, "time_s")).setSafe(1, 86_399);
        ((TimeMilliVector) v(root, "time_ms")).setSafe(0, 45_296_789);
        ((TimeMilliVector) v(root, "time_ms")).setSafe(1, 0);
        ((TimeMicroVector) v(root, "time_us")).setSafe(0, 45_296_789_123L);
        ((TimeMicroVector) v(root, "time_us")).setSafe(1, 86_399_999_999L);
        ((TimeNanoVector) v(root, "time_ns")).setSafe(0, 45_296_789_123_456L);
        ((TimeNanoVector) v(root, "time_ns")).setSafe(1, 1L);
        ((TimeStampVector) v(root, "ts_s")).setSafe(0, 1_700_000_000L);
        ((TimeStampVector) v(root, "ts_s")).setSafe(1, -1L);
        ((TimeStampVector) v(root, "ts_ms_utc")).setSafe(0, 1_700_000_000_123L);
        ((TimeStampVector) v(root, "ts_ms_utc")).setSafe(1, -1L);
        ((TimeStampVector) v(root, "ts_ms_paris")).setSafe(0, 1_700_000_000_456L);
        ((TimeStampVector) v(root, "ts_ms_paris")).setSafe(1, Long.MIN_VALUE / 1000);
        ((TimeStampVector) v(root, "ts_us_utc")).setSafe(0, 1_700_000_000_123_456L);
        ((TimeStampVector) v(root, "ts_us_utc")).setSafe(1, -1L);
        ((TimeStampVector) v(root, "ts_ns")).setSafe(0, 1_700_000_000_123_456_789L);
        ((TimeStampVector) v(root, "ts_ns")).setSafe(1, -1L);
        ((DurationVector) v(root, "dur_s")).setSafe(0, 90L);
        ((DurationVector) v(root, "dur_s")).setSafe(1, Long.MIN_VALUE);
        ((DurationVector) v(root, "dur_ns")).setSafe(0, 1_500_000_001L);
        ((DurationVector) v(root, "dur_ns")).setSafe(1, -7L);
        ((IntervalYearVector) v(root, "iv_ym")).setSafe(0, 14);
        ((IntervalYearVector) v(root, "iv_ym")).setSafe(1, -3);
        ((IntervalDayVector) v(root, "iv_dt")).setSafe(0, 2, 500);
        ((IntervalDayVector) v(root, "iv_dt")).setSafe(1, -1, Integer.MAX_VALUE);
        ((IntervalMonthDayNanoVector) v(root, "iv_mdn")).setSafe(0, 1, 2, 3L);
        ((IntervalMonthDayNanoVector) v(root, "iv_mdn")).setSafe(1, -1, 0, Long.MAX_VALUE);

        ListVector list = (ListVector) v(root, "list");
        IntVector listItems = (IntVector) list.getDataVector();
        int start = list.startNewValue(0);
        listItems.setSafe(start, 1);
        listItems.setNull(start + 1);
        listItems.setSafe(start + 2, 3);
        list.endValue(0, 3);
        list.startNewValue(1);
        list.endValue(1, 0);
        list.setNull(2);

        LargeListVector largeList = (LargeListVector) v(root, "large_list");
        VarCharVector largeItems = (VarCharVector) largeList.getDataVector();
        long lstart = largeList.startNewValue(0);
        largeItems.setSafe((int) lstart, utf8("x"));
        largeList.endValue(0, 1);
        lstart = largeList.startNewValue(1);
        largeItems.setSafe((int) lstart, utf8("y"));
        largeItems.setSafe((int) lstart + 1, utf8("z"));
        largeList.endValue(1, 2);
        largeList.setNull(2);

        FixedSizeListVector fixedList = (FixedSizeListVector) v(root, "fixed_list");
        Float8Vector fixedItems = (Float8Vector) fixedList.getDataVector();
        fixedList.startNewValue(0);
        fixedItems.setSafe(0, 1.0);
        fixedItems.setSafe(1, 2.0);
        fixedList.startNewValue(1);
        fixedItems.setSafe(2, -1.0);
        fixedItems.setNull(3);
        fixedList.setNull(2);
        fixedItems.setNull(4);
        fixedItems.setNull(5);

        ListViewVector listView = (ListViewVector) v(root, "list_view");
        BigIntVector viewItems = (BigIntVector) listView.getDataVector();
        int vstart = listView.startNewValue(0);
        viewItems.setSafe(vstart, 10L);
        viewItems.setSafe(vstart + 1, 20L);
        listView.endValue(0, 2);
        vstart = listView.startNewValue(1);
        listView.endValue(1, 0);
        listView.setNull(2);

        StructVector struct = (StructVector) v(root, "struct");
        IntVector a = (IntVector) struct.getChild("a");
        VarCharVector b = (VarCharVector) struct.getChild("b");
        struct.setIndexDefined(0);
        a.setSafe(0, 1);
        b.setSafe(0, utf8("one"));
        struct.setIndexDefined(1);
        a.setSafe(1, 2);
        b.setNull(1);
        struct.setNull(2);
        a.setNull(2);
        b.setNull(2);

        MapVector map = (MapVector) v(root, "map");
        StructVector mapEntries = (StructVector) map.getDataVector();
        VarCharVector keys = (VarCharVector) mapEntries.getChild("key");
        BigIntVector values = (BigIntVector) mapEntries.getChild("value");
        int mstart = map.startNewValue(0);
        mapEntries.setIndexDefined(mstart);
        keys.setSafe(mstart, utf8("k1"));
        values.setSafe(mstart, 1L);
        mapEntries.setIndexDefined(mstart + 1);
        keys.setSafe(mstart + 1, utf8("k2"));
        values.setNull(mstart + 1);
        map.endValue(0, 2);
        map.startNewValue(1);
        map.endValue(1, 0);
        map.setNull(2);

        ((IntVector) v(root, "required")).setSafe(0, 1);
        ((IntVector) v(root, "required")).setSafe(1, 2);
        ((IntVector) v(root, "required")).setSafe(2, 3);
        ((VarCharVector) v(root, "annotated")).setSafe(0, utf8("note"));

        for (FieldVector vector : root.getFieldVectors()) {
            if (vector.getField().isNullable()) {
                vector.setNull(2);
            }
        }
        root.setRowCount(ROWS);
        return root;
    }

    private static FieldVector v(VectorSchemaRoot root, String name) {
        return root.getVector(name);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
