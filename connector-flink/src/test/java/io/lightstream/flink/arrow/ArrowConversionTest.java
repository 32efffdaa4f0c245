package io.lightstream.flink.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.flink.arrow.vectors.ArrowBatchView;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListViewVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionLargeListWriter;
import org.apache.arrow.vector.complex.impl.UnionListViewWriter;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conversion of values between Flink rows and Arrow vectors: every mapped type written with {@link
 * RowDataArrowWriter} and read back through {@link ArrowBatchView}, edge values included; the
 * Arrow-only types read from vectors built with Arrow Java; and every conversion error.
 */
class ArrowConversionTest {
    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close(); // fails on any leaked buffer
    }

    private static final RowType ALL_TYPES = (RowType) DataTypes.ROW(
            DataTypes.FIELD("bool", DataTypes.BOOLEAN()),
            DataTypes.FIELD("i8", DataTypes.TINYINT()),
            DataTypes.FIELD("i16", DataTypes.SMALLINT()),
            DataTypes.FIELD("i32", DataTypes.INT()),
            DataTypes.FIELD("i64", DataTypes.BIGINT()),
            DataTypes.FIELD("f32", DataTypes.FLOAT()),
            DataTypes.FIELD("f64", DataTypes.DOUBLE()),
            DataTypes.FIELD("dec_small", DataTypes.DECIMAL(10, 2)),
            DataTypes.FIELD("dec_18", DataTypes.DECIMAL(18, 0)),
            DataTypes.FIELD("dec_big", DataTypes.DECIMAL(38, 10)),
            DataTypes.FIELD("chr", DataTypes.CHAR(3)),
            DataTypes.FIELD("vchr", DataTypes.VARCHAR(20)),
            DataTypes.FIELD("str", DataTypes.STRING()),
            DataTypes.FIELD("bin", DataTypes.BINARY(4)),
            DataTypes.FIELD("vbin", DataTypes.VARBINARY(10)),
            DataTypes.FIELD("bytes", DataTypes.BYTES()),
            DataTypes.FIELD("date", DataTypes.DATE()),
            DataTypes.FIELD("time0", DataTypes.TIME(0)),
            DataTypes.FIELD("time3", DataTypes.TIME(3)),
            DataTypes.FIELD("time6", DataTypes.TIME(6)),
            DataTypes.FIELD("time9", DataTypes.TIME(9)),
            DataTypes.FIELD("ts0", DataTypes.TIMESTAMP(0)),
            DataTypes.FIELD("ts3", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("ts6", DataTypes.TIMESTAMP(6)),
            DataTypes.FIELD("ts9", DataTypes.TIMESTAMP(9)),
            DataTypes.FIELD("ltz0", DataTypes.TIMESTAMP_LTZ(0)),
            DataTypes.FIELD("ltz3", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("ltz6", DataTypes.TIMESTAMP_LTZ(6)),
            DataTypes.FIELD("ltz9", DataTypes.TIMESTAMP_LTZ(9)),
            DataTypes.FIELD("ym", DataTypes.INTERVAL(DataTypes.YEAR(), DataTypes.MONTH())),
            DataTypes.FIELD("dt", DataTypes.INTERVAL(DataTypes.DAY(), DataTypes.SECOND(3))),
            DataTypes.FIELD("arr", DataTypes.ARRAY(DataTypes.INT())),
            DataTypes.FIELD("arr_str", DataTypes.ARRAY(DataTypes.STRING())),
            DataTypes.FIELD("arr_arr", DataTypes.ARRAY(DataTypes.ARRAY(DataTypes.BIGINT()))),
            DataTypes.FIELD("map", DataTypes.MAP(DataTypes.STRING(), DataTypes.DOUBLE())),
            DataTypes.FIELD("mset", DataTypes.MULTISET(DataTypes.STRING())),
            DataTypes.FIELD("row", DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT()),
                    DataTypes.FIELD("b", DataTypes.STRING()),
                    DataTypes.FIELD("c", DataTypes.ARRAY(DataTypes.ROW(DataTypes.FIELD("x", DataTypes.DOUBLE())))))),
            DataTypes.FIELD("id", DataTypes.BIGINT().notNull()))
            .getLogicalType();

    private static Row typical(long id) {
        Map<String, Double> map = new HashMap<>();
        map.put("a", 1.5);
        map.put("b", null);
        Map<String, Integer> mset = new HashMap<>();
        mset.put("x", 2);
        mset.put("y", 1);
        return Row.of(true, (byte) 7, (short) 300, 70_000, 5_000_000_000L, 1.25f, -2.5,
                new BigDecimal("12345678.90"), new BigDecimal("999999999999999999"),
                new BigDecimal("1234567890123456789012345678.0123456789"),
                "abc", "héllo wörld ✓", "a string that is longer than the twelve inline bytes of a view",
                new byte[] {1, 2, 3, 4}, new byte[] {9}, new byte[] {0, -1, 127, -128},
                LocalDate.of(2024, 2, 29), LocalTime.of(13, 14, 15), LocalTime.of(13, 14, 15, 123_000_000),
                LocalTime.of(0, 0, 0, 1_000_000), LocalTime.of(23, 59, 59, 999_000_000),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_000_000),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_234),
                Instant.parse("2024-01-02T03:04:05Z"), Instant.parse("2024-01-02T03:04:05.678Z"),
                Instant.parse("2024-01-02T03:04:05.678901Z"), Instant.parse("2024-01-02T03:04:05.678901234Z"),
                Period.of(1, 2, 0), Duration.ofMillis(90_061_001L),
                new Integer[] {1, null, 3}, new String[] {"x", null, ""},
                new Long[][] {{1L, 2L}, {}, null, {3L}},
                map, mset,
                Row.of(1, "one", new Row[] {Row.of(1.0), null, Row.of((Double) null)}), id);
    }

    private static Row nulls(long id) {
        Object[] values = new Object[ALL_TYPES.getFieldCount()];
        values[values.length - 1] = id;
        return Row.of(values);
    }

    /** Values at the edges: type extremes, empty values, and instants one unit around the epoch. */
    private static Row edges(long id, int variant) {
        boolean before = variant == 0;
        return Row.of(false, before ? Byte.MIN_VALUE : Byte.MAX_VALUE, before ? Short.MIN_VALUE : Short.MAX_VALUE,
                before ? Integer.MIN_VALUE : Integer.MAX_VALUE, before ? Long.MIN_VALUE : Long.MAX_VALUE,
                before ? -Float.MAX_VALUE : Float.MIN_VALUE, before ? Double.NEGATIVE_INFINITY : Double.MAX_VALUE,
                new BigDecimal(before ? "-99999999.99" : "99999999.99"),
                new BigDecimal(before ? "-999999999999999999" : "999999999999999999"),
                new BigDecimal(before ? "-9999999999999999999999999999.9999999999" : "9999999999999999999999999999.9999999999"),
                "", "", "", new byte[] {0, 0, 0, 0}, new byte[0], new byte[0],
                before ? LocalDate.of(1, 1, 1) : LocalDate.of(9999, 12, 31),
                before ? LocalTime.MIDNIGHT : LocalTime.of(23, 59, 59),
                before ? LocalTime.MIDNIGHT : LocalTime.of(23, 59, 59, 999_000_000),
                before ? LocalTime.MIDNIGHT : LocalTime.of(23, 59, 59, 999_000_000),
                before ? LocalTime.MIDNIGHT : LocalTime.of(23, 59, 59, 999_000_000),
                before ? LocalDateTime.of(1969, 12, 31, 23, 59, 59) : LocalDateTime.of(1970, 1, 1, 0, 0, 1),
                before ? LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000) : LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000_000),
                before ? LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000) : LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000),
                before ? LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_999) : LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1),
                before ? Instant.parse("0001-01-01T00:00:00Z") : Instant.parse("9999-12-31T23:59:59Z"),
                before ? Instant.parse("1969-12-31T23:59:59.999Z") : Instant.parse("1970-01-01T00:00:00.001Z"),
                before ? Instant.parse("1969-12-31T23:59:59.999999Z") : Instant.parse("1970-01-01T00:00:00.000001Z"),
                before ? Instant.parse("1677-09-21T00:12:43.145224192Z") : Instant.parse("2262-04-11T23:47:16.854775807Z"),
                before ? Period.of(-2, -1, 0) : Period.ZERO, Duration.ofMillis(before ? -1 : Long.MAX_VALUE),
                new Integer[0], new String[0], new Long[0][], new HashMap<>(), new HashMap<>(),
                Row.of(null, null, null), id);
    }

    private List<Row> roundTrip(RowType rowType, List<Row> rows) {
        RowConversion conversion = new RowConversion(rowType);
        List<Row> out = new ArrayList<>();
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(rowType, allocator)) {
            for (Row r : rows) {
                writer.write(conversion.toInternal(r));
            }
            writer.finish();
            assertThat(writer.root().getRowCount()).isEqualTo(rows.size());
            RowTypeBinding binding = RowTypeBinding.bind(rowType, writer.root().getSchema(), "test");
            ArrowBatchView view = ArrowBatchView.of(writer.root(), null, binding, "test batch");
            for (int i = 0; i < view.rowCount(); i++) {
                out.add(conversion.toExternal(view.row(i)));
            }
        }
        return out;
    }

    @Test
    void everyMappedTypeRoundTripsWithNullsAndEdgeValues() {
        List<Row> rows = List.of(typical(1), nulls(2), edges(3, 0), edges(4, 1), typical(5));
        List<Row> back = roundTrip(ALL_TYPES, rows);
        assertThat(back).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            for (int f = 0; f < ALL_TYPES.getFieldCount(); f++) {
                assertThat(back.get(i).getField(f))
                        .as("row %d, column %s", i, ALL_TYPES.getFieldNames().get(f))
                        .isEqualTo(rows.get(i).getField(f));
            }
        }
        assertThat(back).containsExactlyElementsOf(rows);
    }

    @Test
    void nanosecondTimestampsOneUnitAroundTheEpoch() {
        RowType rowType = (RowType) DataTypes.ROW(DataTypes.FIELD("ts", DataTypes.TIMESTAMP(9)),
                DataTypes.FIELD("ltz", DataTypes.TIMESTAMP_LTZ(6))).getLogicalType();
        List<Row> rows = new ArrayList<>();
        for (int delta = -3; delta <= 3; delta++) {
            rows.add(Row.of(LocalDateTime.of(1970, 1, 1, 0, 0).plusNanos(delta),
                    Instant.EPOCH.plusNanos(delta * 1000L)));
        }
        rows.add(Row.of(LocalDateTime.of(1900, 6, 15, 12, 0, 0, 123_456_789), Instant.parse("1900-06-15T12:00:00.123456Z")));
        List<Row> back = roundTrip(rowType, rows);
        assertThat(back).containsExactlyElementsOf(rows);
        // The internal value is valid: nano-of-millisecond is never negative before 1970.
        RowConversion conversion = new RowConversion(rowType);
        TimestampData minusOne = conversion.toInternal(back.get(2)).getTimestamp(0, 9);
        assertThat(minusOne.getMillisecond()).isEqualTo(-1);
        assertThat(minusOne.getNanoOfMillisecond()).isEqualTo(999_999);
    }

    @Test
    void writtenSchemaMarksInstantsUtc() {
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(ALL_TYPES, allocator)) {
            ArrowType.Timestamp ltz = (ArrowType.Timestamp) writer.root().getSchema().findField("ltz6").getType();
            assertThat(ltz.getTimezone()).isEqualTo("UTC");
            ArrowType.Timestamp ts = (ArrowType.Timestamp) writer.root().getSchema().findField("ts6").getType();
            assertThat(ts.getTimezone()).isNull();
        }
    }

    @Test
    void writerIsReusableAcrossBatches() {
        RowType rowType = (RowType) DataTypes.ROW(DataTypes.FIELD("s", DataTypes.STRING()),
                DataTypes.FIELD("a", DataTypes.ARRAY(DataTypes.INT())),
                DataTypes.FIELD("m", DataTypes.MAP(DataTypes.INT(), DataTypes.STRING()))).getLogicalType();
        RowConversion conversion = new RowConversion(rowType);
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(rowType, allocator)) {
            for (int batch = 0; batch < 3; batch++) {
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < 5 + batch * 100; i++) {
                    Map<Integer, String> m = new LinkedHashMap<>();
                    m.put(i, "v" + i);
                    rows.add(Row.of("b" + batch + "-" + i, new Integer[] {i, batch}, m));
                }
                long before = writer.estimatedBytes();
                assertThat(before).isZero();
                rows.forEach(r -> writer.write(conversion.toInternal(r)));
                assertThat(writer.estimatedBytes()).isGreaterThan(rows.size() * 8L);
                writer.finish();
                ArrowBatchView view = ArrowBatchView.of(writer.root(), null,
                        RowTypeBinding.bind(rowType, writer.root().getSchema(), "t"), "t");
                List<Row> back = new ArrayList<>();
                for (int i = 0; i < view.rowCount(); i++) {
                    back.add(conversion.toExternal(view.row(i)));
                }
                assertThat(back).containsExactlyElementsOf(rows);
                writer.reset();
                assertThat(writer.rowCount()).isZero();
                assertThat(writer.root().getRowCount()).isZero();
            }
        }
    }

    @Test
    void projectionReadsOnlyDeclaredColumnsInDeclaredOrder() {
        List<Row> rows = List.of(typical(1), typical(2));
        RowConversion conversion = new RowConversion(ALL_TYPES);
        RowType projected = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                DataTypes.FIELD("str", DataTypes.STRING()), DataTypes.FIELD("i8", DataTypes.BIGINT())).getLogicalType();
        RowConversion projectedConversion = new RowConversion(projected);
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(ALL_TYPES, allocator)) {
            rows.forEach(r -> writer.write(conversion.toInternal(r)));
            writer.finish();
            ArrowBatchView view = ArrowBatchView.of(writer.root(), null,
                    RowTypeBinding.bind(projected, writer.root().getSchema(), "t"), "t");
            assertThat(projectedConversion.toExternal(view.row(1)))
                    .isEqualTo(Row.of(2L, "a string that is longer than the twelve inline bytes of a view", 7L));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Arrow-only encodings, built with Arrow Java
    // ---------------------------------------------------------------------------------------------

    private static Field nullable(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), children.length == 0 ? null : List.of(children));
    }

    private List<Row> read(VectorSchemaRoot root, DictionaryProvider dictionaries, RowType declared) {
        RowConversion conversion = new RowConversion(declared);
        ArrowBatchView view = ArrowBatchView.of(root, dictionaries,
                RowTypeBinding.bind(declared, root.getSchema(), dictionaries, "t"), "t");
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < view.rowCount(); i++) {
            out.add(conversion.toExternal(view.row(i)));
        }
        return out;
    }

    @Test
    void unsignedIntegersAreWidenedWithoutOverflow() {
        try (UInt1Vector u1 = new UInt1Vector("u1", allocator);
                UInt2Vector u2 = new UInt2Vector("u2", allocator);
                UInt4Vector u4 = new UInt4Vector("u4", allocator);
                UInt8Vector u8 = new UInt8Vector("u8", allocator);
                UInt8Vector u8small = new UInt8Vector("u8small", allocator)) {
            u1.setSafe(0, (byte) 0xFF);
            u2.setSafe(0, (char) 0xFFFF);
            u4.setSafe(0, 0xFFFF_FFFF);
            u8.setSafe(0, -1L);
            u8small.setSafe(0, 42L);
            u1.setNull(1);
            u2.setSafe(1, (char) 1);
            u4.setSafe(1, 1);
            u8.setSafe(1, Long.MAX_VALUE);
            u8small.setNull(1);
            VectorSchemaRoot root = VectorSchemaRoot.of(u1, u2, u4, u8, u8small);
            root.setRowCount(2);
            RowType natural = ArrowTypeMapping.toRowType(root.getSchema());
            assertThat(read(root, null, natural)).containsExactly(
                    Row.of((short) 255, 65535, 4294967295L, new BigDecimal("18446744073709551615"), new BigDecimal("42")),
                    Row.of(null, 1, 1L, new BigDecimal(Long.MAX_VALUE), null));
            RowType asBigint = (RowType) DataTypes.ROW(DataTypes.FIELD("u1", DataTypes.BIGINT()),
                    DataTypes.FIELD("u8small", DataTypes.BIGINT()), DataTypes.FIELD("u8", DataTypes.BIGINT()))
                    .getLogicalType();
            RowConversion conversion = new RowConversion(asBigint);
            ArrowBatchView view = ArrowBatchView.of(root, null, RowTypeBinding.bind(asBigint, root.getSchema(), "t"), "t");
            assertThat(conversion.toExternal(view.row(1))).isEqualTo(Row.of(null, null, Long.MAX_VALUE));
            assertThatThrownBy(() -> view.row(0).getLong(2))
                    .isInstanceOf(InvalidArrowDataException.class)
                    .hasMessageContaining("column 'u8'")
                    .hasMessageContaining("18446744073709551615")
                    .hasMessageContaining("DECIMAL(20, 0)");
        }
    }

    @Test
    void otherStringBinaryAndNumericEncodings() {
        String longText = "more than twelve bytes, so stored out of line";
        try (Float2Vector half = new Float2Vector("half", allocator);
                Float4Vector single = new Float4Vector("single", allocator);
                TinyIntVector tiny = new TinyIntVector("tiny", allocator);
                LargeVarCharVector large = new LargeVarCharVector("large", allocator);
                ViewVarCharVector view = new ViewVarCharVector("view", allocator);
                LargeVarBinaryVector largeBin = new LargeVarBinaryVector("large_bin", allocator);
                ViewVarBinaryVector viewBin = new ViewVarBinaryVector("view_bin", allocator);
                Decimal256Vector d256 = new Decimal256Vector("d256", allocator, 30, 3);
                DecimalVector d128 = new DecimalVector("d128", allocator, 5, 2)) {
            half.setSafeWithPossibleTruncate(0, 1.5f);
            half.setNull(1);
            single.setSafe(0, 3.25f);
            single.setSafe(1, -0.5f);
            tiny.setSafe(0, -7);
            tiny.setSafe(1, 100);
            large.setSafe(0, "large".getBytes(StandardCharsets.UTF_8));
            large.setNull(1);
            view.setSafe(0, "short".getBytes(StandardCharsets.UTF_8));
            view.setSafe(1, longText.getBytes(StandardCharsets.UTF_8));
            largeBin.setNull(0);
            largeBin.setSafe(1, new byte[] {1, 2});
            viewBin.setSafe(0, new byte[20]);
            viewBin.setSafe(1, new byte[] {5});
            d256.setSafe(0, new BigDecimal("-123456789012345678901234567.891"));
            d256.setSafe(1, new BigDecimal("1.000"));
            d128.setSafe(0, new BigDecimal("-999.99"));
            d128.setNull(1);
            VectorSchemaRoot root = VectorSchemaRoot.of(half, single, tiny, large, view, largeBin, viewBin, d256, d128);
            root.setRowCount(2);
            assertThat(read(root, null, ArrowTypeMapping.toRowType(root.getSchema()))).containsExactly(
                    Row.of(1.5f, 3.25f, (byte) -7, "large", "short", null, new byte[20],
                            new BigDecimal("-123456789012345678901234567.891"), new BigDecimal("-999.99")),
                    Row.of(null, -0.5f, (byte) 100, null, longText, new byte[] {1, 2}, new byte[] {5},
                            new BigDecimal("1.000"), null));
            // Widened reads: Float16/32 as DOUBLE, Int8 as BIGINT, Decimal(5,2) as a non-compact DECIMAL(20,2).
            RowType widened = (RowType) DataTypes.ROW(DataTypes.FIELD("half", DataTypes.DOUBLE()),
                    DataTypes.FIELD("single", DataTypes.DOUBLE()), DataTypes.FIELD("tiny", DataTypes.BIGINT()),
                    DataTypes.FIELD("d128", DataTypes.DECIMAL(20, 2)), DataTypes.FIELD("view", DataTypes.VARCHAR(5)))
                    .getLogicalType();
            assertThat(read(root, null, widened)).containsExactly(
                    Row.of(1.5, 3.25, -7L, new BigDecimal("-999.99"), "short"),
                    Row.of(null, -0.5, 100L, null, longText));
        }
    }

    @Test
    void otherTemporalEncodings() {
        try (DateMilliVector dateMs = new DateMilliVector("date_ms", allocator);
                TimeSecVector timeSec = new TimeSecVector("time_s", allocator);
                TimeMicroVector timeMicro = new TimeMicroVector("time_us", allocator);
                TimeNanoVector timeNano = new TimeNanoVector("time_ns", allocator);
                TimeStampNanoTZVector tsParis = new TimeStampNanoTZVector("ts_paris", allocator, "Europe/Paris");
                IntervalDayVector dayTime = new IntervalDayVector("day_time", allocator);
                DurationVector durNanos = new DurationVector(nullable("dur_ns", new ArrowType.Duration(TimeUnit.NANOSECOND)),
                        allocator);
                DurationVector durSecs = new DurationVector(nullable("dur_s", new ArrowType.Duration(TimeUnit.SECOND)),
                        allocator)) {
            dateMs.setSafe(0, -1L); // one millisecond before 1970-01-01 is 1969-12-31
            dateMs.setSafe(1, 86_400_000L * 365);
            timeSec.setSafe(0, 3661);
            timeSec.setNull(1);
            timeMicro.setSafe(0, 1_500L);
            timeMicro.setSafe(1, 86_399_999_999L);
            timeNano.setSafe(0, 1_999_999L);
            timeNano.setSafe(1, 0L);
            tsParis.setSafe(0, -1L);
            tsParis.setSafe(1, 1_700_000_000_123_456_789L);
            dayTime.setSafe(0, 2, 500);
            dayTime.setSafe(1, -1, -1);
            durNanos.setSafe(0, -1L);
            durNanos.setSafe(1, 3_000_000L);
            durSecs.setSafe(0, 60L);
            durSecs.setNull(1);
            VectorSchemaRoot root = VectorSchemaRoot.of(dateMs, timeSec, timeMicro, timeNano, tsParis, dayTime,
                    durNanos, durSecs);
            root.setRowCount(2);
            assertThat(read(root, null, ArrowTypeMapping.toRowType(root.getSchema()))).containsExactly(
                    Row.of(LocalDate.of(1969, 12, 31), LocalTime.of(1, 1, 1), LocalTime.of(0, 0, 0, 1_000_000),
                            LocalTime.of(0, 0, 0, 1_000_000), Instant.EPOCH.minusNanos(1),
                            Duration.ofMillis(2 * 86_400_000L + 500), Duration.ofMillis(-1), Duration.ofSeconds(60)),
                    Row.of(LocalDate.of(1971, 1, 1), null, LocalTime.of(23, 59, 59, 999_000_000), LocalTime.MIDNIGHT,
                            Instant.ofEpochSecond(1_700_000_000L, 123_456_789L),
                            Duration.ofMillis(-86_400_001L), Duration.ofMillis(3), null));
        }
    }

    @Test
    void listVariantsAndStructsMatchedByName() {
        try (LargeListVector largeList = LargeListVector.empty("large_list", allocator);
                FixedSizeListVector fixedList = FixedSizeListVector.empty("fixed_list", 2, allocator);
                ListViewVector listView = ListViewVector.empty("list_view", allocator);
                StructVector struct = StructVector.empty("s", allocator)) {
            UnionLargeListWriter lw = largeList.getWriter();
            lw.setPosition(0);
            lw.startList();
            lw.bigInt().writeBigInt(1);
            lw.bigInt().writeBigInt(2);
            lw.endList();
            lw.setPosition(1);
            lw.startList();
            lw.endList();
            largeList.setValueCount(2);

            fixedList.addOrGetVector(FieldType.nullable(new ArrowType.Int(32, true)));
            IntVector fixedData = (IntVector) fixedList.getDataVector();
            fixedList.setNotNull(0);
            fixedData.setSafe(0, 10);
            fixedData.setNull(1);
            fixedList.setNull(1);
            fixedData.setSafe(2, 0);
            fixedData.setSafe(3, 0);
            fixedData.setValueCount(4);
            fixedList.setValueCount(2);

            UnionListViewWriter vw = listView.getWriter();
            vw.setPosition(0);
            vw.startListView();
            vw.integer().writeInt(7);
            vw.endListView();
            vw.setPosition(1);
            vw.startListView();
            vw.integer().writeInt(8);
            vw.integer().writeInt(9);
            vw.endListView();
            listView.setValueCount(2);

            VarCharVector b = struct.addOrGet("b", FieldType.nullable(ArrowType.Utf8.INSTANCE), VarCharVector.class);
            IntVector a = struct.addOrGet("a", FieldType.nullable(new ArrowType.Int(32, true)), IntVector.class);
            struct.setIndexDefined(0);
            a.setSafe(0, 1);
            b.setSafe(0, "one".getBytes(StandardCharsets.UTF_8));
            struct.setNull(1);
            a.setNull(1);
            b.setNull(1);
            struct.setValueCount(2);

            VectorSchemaRoot root = new VectorSchemaRoot(List.<FieldVector>of(largeList, fixedList, listView, struct));
            root.setRowCount(2);
            RowType declared = (RowType) DataTypes.ROW(DataTypes.FIELD("large_list", DataTypes.ARRAY(DataTypes.BIGINT())),
                    DataTypes.FIELD("fixed_list", DataTypes.ARRAY(DataTypes.INT())),
                    DataTypes.FIELD("list_view", DataTypes.ARRAY(DataTypes.BIGINT())),
                    DataTypes.FIELD("s", DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT()),
                            DataTypes.FIELD("b", DataTypes.STRING())))).getLogicalType();
            assertThat(read(root, null, declared)).containsExactly(
                    Row.of(new Long[] {1L, 2L}, new Integer[] {10, null}, new Long[] {7L}, Row.of(1, "one")),
                    Row.of(new Long[0], null, new Long[] {8L, 9L}, null));
        }
    }

    @Test
    void dictionaryColumnsAreDecodedTransparently() {
        try (VarCharVector values = new VarCharVector(nullable("dict", ArrowType.Utf8.INSTANCE), allocator);
                VarCharVector plain = new VarCharVector("city", allocator)) {
            String[] cities = {"Paris", "Oslo", null, "Paris", "Lima", "Oslo"};
            for (int i = 0; i < 3; i++) {
                values.setSafe(i, new String[] {"Paris", "Oslo", "Lima"}[i].getBytes(StandardCharsets.UTF_8));
            }
            values.setValueCount(3);
            for (int i = 0; i < cities.length; i++) {
                if (cities[i] == null) {
                    plain.setNull(i);
                } else {
                    plain.setSafe(i, cities[i].getBytes(StandardCharsets.UTF_8));
                }
            }
            plain.setValueCount(cities.length);
            Dictionary dictionary = new Dictionary(values,
                    new DictionaryEncoding(3L, false, new ArrowType.Int(16, true)));
            try (FieldVector encoded = (FieldVector) DictionaryEncoder.encode(plain, dictionary)) {
                DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
                provider.put(dictionary);
                VectorSchemaRoot root = new VectorSchemaRoot(List.of(encoded));
                root.setRowCount(cities.length);
                RowType declared = (RowType) DataTypes.ROW(DataTypes.FIELD("city", DataTypes.STRING())).getLogicalType();
                List<Row> expected = new ArrayList<>();
                for (String c : cities) {
                    expected.add(Row.of(c));
                }
                assertThat(read(root, provider, declared)).containsExactlyElementsOf(expected);
                assertThatThrownBy(() -> read(root, new DictionaryProvider.MapDictionaryProvider(), declared))
                        .isInstanceOf(InvalidArrowDataException.class)
                        .hasMessageContaining("column 'city'")
                        .hasMessageContaining("dictionary id 3");
                // An index beyond the dictionary is reported, not read out of bounds.
                ((org.apache.arrow.vector.SmallIntVector) encoded).set(0, 9);
                assertThat(ArrowTypeMapping.toRowType(root.getSchema(), provider)).isEqualTo(declared.copy(false));
                ArrowBatchView view = ArrowBatchView.of(root, provider,
                        RowTypeBinding.bind(declared, root.getSchema(), provider, "t"), "t");
                assertThatThrownBy(() -> view.row(0).getString(0))
                        .isInstanceOf(InvalidArrowDataException.class)
                        .hasMessageContaining("dictionary index 9 at row 0");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------------

    @Test
    void nullsInNotNullColumnsAreRejectedPerBatch() {
        try (BigIntVector ids = new BigIntVector("id", allocator)) {
            ids.setSafe(0, 1);
            ids.setNull(1);
            VectorSchemaRoot root = VectorSchemaRoot.of(ids);
            root.setRowCount(2);
            RowType declared = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT().notNull())).getLogicalType();
            assertThatThrownBy(() -> read(root, null, declared))
                    .isInstanceOf(InvalidArrowDataException.class)
                    .hasMessageContaining("column 'id'")
                    .hasMessageContaining("NOT NULL")
                    .hasMessageContaining("1 null");
        }
    }

    @Test
    void writerRejectsValuesArrowCannotHold() {
        RowType mapType = (RowType) DataTypes.ROW(DataTypes.FIELD("m", DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())))
                .getLogicalType();
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(mapType, allocator)) {
            Map<StringData, Integer> m = new HashMap<>();
            m.put(null, 1);
            assertThatThrownBy(() -> writer.write(GenericRowData.of(new GenericMapData(m))))
                    .isInstanceOf(InvalidArrowDataException.class)
                    .hasMessageContaining("column 'm'")
                    .hasMessageContaining("null");
        }
        RowType binType = (RowType) DataTypes.ROW(DataTypes.FIELD("b", DataTypes.BINARY(2))).getLogicalType();
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(binType, allocator)) {
            assertThatThrownBy(() -> writer.write(GenericRowData.of((Object) new byte[3])))
                    .isInstanceOf(InvalidArrowDataException.class)
                    .hasMessageContaining("column 'b'")
                    .hasMessageContaining("BINARY(2) value has 3 bytes");
        }
        RowType tsType = (RowType) DataTypes.ROW(DataTypes.FIELD("ts", DataTypes.ARRAY(DataTypes.TIMESTAMP(9))))
                .getLogicalType();
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(tsType, allocator)) {
            RowData row = GenericRowData.of(new GenericArrayData(new Object[] {
                    TimestampData.fromLocalDateTime(LocalDateTime.of(3000, 1, 1, 0, 0))}));
            assertThatThrownBy(() -> writer.write(row))
                    .isInstanceOf(InvalidArrowDataException.class)
                    .hasMessageContaining("column 'ts[]'")
                    .hasMessageContaining("NANOSECOND");
        }
    }

    @Test
    void nullTypeColumnsAreAlwaysNull() {
        RowType rowType = (RowType) DataTypes.ROW(DataTypes.FIELD("n", DataTypes.NULL()),
                DataTypes.FIELD("i", DataTypes.INT())).getLogicalType();
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(rowType, allocator)) {
            writer.write(GenericRowData.of(null, 1));
            writer.write(GenericRowData.of(null, 2));
            writer.finish();
            assertThat(writer.root().getVector(0).getValueCount()).isEqualTo(2);
            ArrowBatchView view = ArrowBatchView.of(writer.root(), null,
                    RowTypeBinding.bind(rowType, writer.root().getSchema(), "t"), "t");
            assertThat(view.row(1).isNullAt(0)).isTrue();
            assertThat(view.row(1).getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void halfPrecisionFieldIsDeclaredAsFloat() {
        Field f = nullable("h", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF));
        assertThat(ArrowTypeMapping.toLogicalType(f)).isEqualTo(DataTypes.FLOAT().getLogicalType());
    }
}
