package io.lightstream.flink.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RawType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SymbolType;
import org.apache.flink.table.types.logical.ZonedTimestampType;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tests for {@link ArrowTypeMapping}: both directions for every type, and the read-compatibility rules. */
class ArrowTypeMappingTest {

    private static LogicalType t(org.apache.flink.table.types.DataType dataType) {
        return dataType.getLogicalType();
    }

    private static Field field(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), children.length == 0 ? null : List.of(children));
    }

    /** Flink type, the Arrow type written for it, and the Flink type read back from that Arrow field. */
    static Stream<Arguments> flinkToArrow() {
        return Stream.of(
                Arguments.of(t(DataTypes.BOOLEAN()), ArrowType.Bool.INSTANCE, t(DataTypes.BOOLEAN())),
                Arguments.of(t(DataTypes.TINYINT()), new ArrowType.Int(8, true), t(DataTypes.TINYINT())),
                Arguments.of(t(DataTypes.SMALLINT()), new ArrowType.Int(16, true), t(DataTypes.SMALLINT())),
                Arguments.of(t(DataTypes.INT()), new ArrowType.Int(32, true), t(DataTypes.INT())),
                Arguments.of(t(DataTypes.BIGINT()), new ArrowType.Int(64, true), t(DataTypes.BIGINT())),
                Arguments.of(t(DataTypes.FLOAT()), new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                        t(DataTypes.FLOAT())),
                Arguments.of(t(DataTypes.DOUBLE()), new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                        t(DataTypes.DOUBLE())),
                Arguments.of(t(DataTypes.DECIMAL(10, 2)), new ArrowType.Decimal(10, 2, 128), t(DataTypes.DECIMAL(10, 2))),
                Arguments.of(t(DataTypes.DECIMAL(38, 10)), new ArrowType.Decimal(38, 10, 128),
                        t(DataTypes.DECIMAL(38, 10))),
                Arguments.of(t(DataTypes.CHAR(3)), ArrowType.Utf8.INSTANCE, t(DataTypes.STRING())),
                Arguments.of(t(DataTypes.VARCHAR(20)), ArrowType.Utf8.INSTANCE, t(DataTypes.STRING())),
                Arguments.of(t(DataTypes.STRING()), ArrowType.Utf8.INSTANCE, t(DataTypes.STRING())),
                Arguments.of(t(DataTypes.BINARY(16)), new ArrowType.FixedSizeBinary(16), t(DataTypes.BINARY(16))),
                Arguments.of(t(DataTypes.VARBINARY(20)), ArrowType.Binary.INSTANCE, t(DataTypes.BYTES())),
                Arguments.of(t(DataTypes.BYTES()), ArrowType.Binary.INSTANCE, t(DataTypes.BYTES())),
                Arguments.of(t(DataTypes.DATE()), new ArrowType.Date(DateUnit.DAY), t(DataTypes.DATE())),
                Arguments.of(t(DataTypes.TIME(0)), new ArrowType.Time(TimeUnit.SECOND, 32), t(DataTypes.TIME(0))),
                Arguments.of(t(DataTypes.TIME(3)), new ArrowType.Time(TimeUnit.MILLISECOND, 32), t(DataTypes.TIME(3))),
                Arguments.of(t(DataTypes.TIME(6)), new ArrowType.Time(TimeUnit.MICROSECOND, 64), t(DataTypes.TIME(6))),
                Arguments.of(t(DataTypes.TIME(9)), new ArrowType.Time(TimeUnit.NANOSECOND, 64), t(DataTypes.TIME(9))),
                Arguments.of(t(DataTypes.TIMESTAMP(0)), new ArrowType.Timestamp(TimeUnit.SECOND, null),
                        t(DataTypes.TIMESTAMP(0))),
                Arguments.of(t(DataTypes.TIMESTAMP(2)), new ArrowType.Timestamp(TimeUnit.MILLISECOND, null),
                        t(DataTypes.TIMESTAMP(3))),
                Arguments.of(t(DataTypes.TIMESTAMP(3)), new ArrowType.Timestamp(TimeUnit.MILLISECOND, null),
                        t(DataTypes.TIMESTAMP(3))),
                Arguments.of(t(DataTypes.TIMESTAMP(5)), new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
                        t(DataTypes.TIMESTAMP(6))),
                Arguments.of(t(DataTypes.TIMESTAMP(6)), new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
                        t(DataTypes.TIMESTAMP(6))),
                Arguments.of(t(DataTypes.TIMESTAMP(9)), new ArrowType.Timestamp(TimeUnit.NANOSECOND, null),
                        t(DataTypes.TIMESTAMP(9))),
                Arguments.of(t(DataTypes.TIMESTAMP_LTZ(0)), new ArrowType.Timestamp(TimeUnit.SECOND, "UTC"),
                        t(DataTypes.TIMESTAMP_LTZ(0))),
                Arguments.of(t(DataTypes.TIMESTAMP_LTZ(3)), new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"),
                        t(DataTypes.TIMESTAMP_LTZ(3))),
                Arguments.of(t(DataTypes.TIMESTAMP_LTZ(6)), new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"),
                        t(DataTypes.TIMESTAMP_LTZ(6))),
                Arguments.of(t(DataTypes.TIMESTAMP_LTZ(9)), new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC"),
                        t(DataTypes.TIMESTAMP_LTZ(9))),
                Arguments.of(t(DataTypes.INTERVAL(DataTypes.YEAR(), DataTypes.MONTH())),
                        new ArrowType.Interval(IntervalUnit.YEAR_MONTH),
                        t(DataTypes.INTERVAL(DataTypes.YEAR(), DataTypes.MONTH()))),
                Arguments.of(t(DataTypes.INTERVAL(DataTypes.DAY(), DataTypes.SECOND(3))),
                        new ArrowType.Duration(TimeUnit.MILLISECOND),
                        t(DataTypes.INTERVAL(DataTypes.DAY(6), DataTypes.SECOND(3)))),
                Arguments.of(t(DataTypes.ARRAY(DataTypes.INT())), ArrowType.List.INSTANCE,
                        t(DataTypes.ARRAY(DataTypes.INT()))),
                Arguments.of(t(DataTypes.MAP(DataTypes.STRING().notNull(), DataTypes.DOUBLE())),
                        new ArrowType.Map(false), t(DataTypes.MAP(DataTypes.STRING().notNull(), DataTypes.DOUBLE()))),
                Arguments.of(t(DataTypes.MULTISET(DataTypes.STRING())), new ArrowType.Map(false),
                        t(DataTypes.MAP(DataTypes.STRING().notNull(), DataTypes.INT().notNull()))),
                Arguments.of(t(DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT()),
                                DataTypes.FIELD("b", DataTypes.ROW(DataTypes.FIELD("c", DataTypes.STRING()))))),
                        ArrowType.Struct.INSTANCE,
                        t(DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT()),
                                DataTypes.FIELD("b", DataTypes.ROW(DataTypes.FIELD("c", DataTypes.STRING())))))),
                Arguments.of(t(DataTypes.NULL()), ArrowType.Null.INSTANCE, t(DataTypes.NULL())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flinkToArrow")
    void mapsFlinkTypeToArrowAndBack(LogicalType flink, ArrowType arrow, LogicalType readBack) {
        Field f = ArrowTypeMapping.toArrowField("c", flink);
        assertThat(f.getName()).isEqualTo("c");
        assertThat(f.getType()).isEqualTo(arrow);
        assertThat(f.isNullable()).isEqualTo(flink.isNullable());
        assertThat(ArrowTypeMapping.toLogicalType(f)).isEqualTo(readBack);
        // The written field is always readable as the type it came from.
        ArrowTypeMapping.checkReadable(f, flink, "c");
        // NOT NULL is carried as a non-nullable field (NULL is the one type that is always nullable).
        if (!flink.is(org.apache.flink.table.types.logical.LogicalTypeRoot.NULL)) {
            assertThat(ArrowTypeMapping.toArrowField("c", flink.copy(false)).isNullable()).isFalse();
        }
    }

    @Test
    void nestedFieldsFollowPyarrowNaming() {
        Field list = ArrowTypeMapping.toArrowField("l", t(DataTypes.ARRAY(DataTypes.INT())));
        assertThat(list.getChildren()).singleElement().satisfies(c -> assertThat(c.getName()).isEqualTo("item"));
        Field map = ArrowTypeMapping.toArrowField("m", t(DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())));
        Field entries = map.getChildren().get(0);
        assertThat(entries.getName()).isEqualTo("entries");
        assertThat(entries.isNullable()).isFalse();
        assertThat(entries.getChildren()).extracting(Field::getName).containsExactly("key", "value");
        assertThat(entries.getChildren().get(0).isNullable()).as("map keys are never null in Arrow").isFalse();
        assertThat(((ArrowType.Map) map.getType()).getKeysSorted()).isFalse();
    }

    @Test
    void schemaRoundTrip() {
        RowType rowType = (RowType) t(DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("ts", DataTypes.TIMESTAMP_LTZ(6))));
        Schema schema = ArrowTypeMapping.toArrowSchema(rowType);
        assertThat(schema.getFields()).extracting(Field::getName).containsExactly("id", "name", "ts");
        assertThat(ArrowTypeMapping.toRowType(schema)).isEqualTo(rowType.copy(false));
    }

    /** Arrow types only ever read: their natural Flink type. */
    static Stream<Arguments> arrowOnly() {
        return Stream.of(
                Arguments.of(new ArrowType.Int(8, false), t(DataTypes.SMALLINT())),
                Arguments.of(new ArrowType.Int(16, false), t(DataTypes.INT())),
                Arguments.of(new ArrowType.Int(32, false), t(DataTypes.BIGINT())),
                Arguments.of(new ArrowType.Int(64, false), t(DataTypes.DECIMAL(20, 0))),
                Arguments.of(new ArrowType.FloatingPoint(FloatingPointPrecision.HALF), t(DataTypes.FLOAT())),
                Arguments.of(ArrowType.LargeUtf8.INSTANCE, t(DataTypes.STRING())),
                Arguments.of(ArrowType.Utf8View.INSTANCE, t(DataTypes.STRING())),
                Arguments.of(ArrowType.LargeBinary.INSTANCE, t(DataTypes.BYTES())),
                Arguments.of(ArrowType.BinaryView.INSTANCE, t(DataTypes.BYTES())),
                Arguments.of(new ArrowType.Decimal(20, 4, 256), t(DataTypes.DECIMAL(20, 4))),
                Arguments.of(new ArrowType.Date(DateUnit.MILLISECOND), t(DataTypes.DATE())),
                Arguments.of(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Europe/Paris"),
                        t(DataTypes.TIMESTAMP_LTZ(6))),
                Arguments.of(new ArrowType.Interval(IntervalUnit.DAY_TIME),
                        t(DataTypes.INTERVAL(DataTypes.DAY(6), DataTypes.SECOND(3)))),
                Arguments.of(new ArrowType.Duration(TimeUnit.NANOSECOND),
                        t(DataTypes.INTERVAL(DataTypes.DAY(6), DataTypes.SECOND(3)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrowOnly")
    void readsArrowOnlyTypes(ArrowType arrow, LogicalType expected) {
        Field f = field("c", arrow);
        assertThat(ArrowTypeMapping.toLogicalType(f)).isEqualTo(expected);
        ArrowTypeMapping.checkReadable(f, expected, "c");
    }

    @Test
    void readsListVariantsAsArrays() {
        Field item = field("item", new ArrowType.Int(32, true));
        for (ArrowType list : List.of(ArrowType.LargeList.INSTANCE, new ArrowType.FixedSizeList(3),
                ArrowType.ListView.INSTANCE, ArrowType.LargeListView.INSTANCE)) {
            Field f = field("l", list, item);
            assertThat(ArrowTypeMapping.toLogicalType(f)).isEqualTo(t(DataTypes.ARRAY(DataTypes.INT())));
            ArrowTypeMapping.checkReadable(f, t(DataTypes.ARRAY(DataTypes.BIGINT())), "l");
        }
    }

    @Test
    void dictionaryFieldsMapToTheirValueType() {
        Field f = new Field("d", new FieldType(true, ArrowType.Utf8.INSTANCE,
                new DictionaryEncoding(1L, false, new ArrowType.Int(16, true))), null);
        assertThat(ArrowTypeMapping.toLogicalType(f)).isEqualTo(t(DataTypes.STRING()));
        ArrowTypeMapping.checkReadable(f, t(DataTypes.VARCHAR(10)), "d");
    }

    static Stream<Arguments> unsupportedFlink() {
        return Stream.of(
                Arguments.of(new RawType<>(String.class, StringSerializer.INSTANCE), "RAW"),
                Arguments.of(new ZonedTimestampType(3), "TIMESTAMP(3) WITH TIME ZONE"),
                Arguments.of(new SymbolType<>(), "SYMBOL"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unsupportedFlink")
    void rejectsFlinkTypesWithoutArrowForm(LogicalType type, String name) {
        assertThatThrownBy(() -> ArrowTypeMapping.toArrowField("col", type))
                .isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("column 'col'")
                .hasMessageContaining(name);
        LogicalType nested = t(DataTypes.ROW(DataTypes.FIELD("inner",
                DataTypes.ARRAY(org.apache.flink.table.types.utils.TypeConversions.fromLogicalToDataType(type)))));
        assertThatThrownBy(() -> ArrowTypeMapping.toArrowField("outer", nested))
                .isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("column 'outer.inner[]'")
                .satisfies(e -> assertThat(((UnsupportedTypeException) e).column()).isEqualTo("outer.inner[]"));
    }

    static Stream<Arguments> unsupportedArrow() {
        return Stream.of(
                Arguments.of(field("u", new ArrowType.Union(UnionMode.Dense, new int[] {0}),
                        field("a", new ArrowType.Int(32, true))), "Union"),
                Arguments.of(field("u", new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO)), "MONTH_DAY_NANO"),
                Arguments.of(field("u", new ArrowType.Decimal(50, 2, 256)), "Decimal(50, 2"),
                Arguments.of(field("u", new ArrowType.Decimal(10, -2, 128)), "Decimal(10, -2"),
                Arguments.of(field("u", ArrowType.RunEndEncoded.INSTANCE, field("run_ends", new ArrowType.Int(32, true)),
                        field("values", new ArrowType.Int(32, true))), "RunEndEncoded"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unsupportedArrow")
    void rejectsArrowTypesWithoutFlinkForm(Field f, String name) {
        assertThatThrownBy(() -> ArrowTypeMapping.toLogicalType(f))
                .isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("column 'u'")
                .hasMessageContaining(name);
        Schema schema = new Schema(List.of(field("ok", ArrowType.Bool.INSTANCE),
                field("s", ArrowType.Struct.INSTANCE, f)));
        assertThatThrownBy(() -> ArrowTypeMapping.toRowType(schema)).hasMessageContaining("column 's.u'");
    }

    /** Arrow field, declared Flink type, whether it may be read. */
    static Stream<Arguments> readability() {
        return Stream.of(
                Arguments.of(new ArrowType.Int(8, true), t(DataTypes.BIGINT()), true),
                Arguments.of(new ArrowType.Int(32, true), t(DataTypes.SMALLINT()), false),
                Arguments.of(new ArrowType.Int(64, true), t(DataTypes.INT()), false),
                Arguments.of(new ArrowType.Int(8, false), t(DataTypes.TINYINT()), false),
                Arguments.of(new ArrowType.Int(8, false), t(DataTypes.SMALLINT()), true),
                Arguments.of(new ArrowType.Int(16, false), t(DataTypes.SMALLINT()), false),
                Arguments.of(new ArrowType.Int(16, false), t(DataTypes.INT()), true),
                Arguments.of(new ArrowType.Int(32, false), t(DataTypes.INT()), false),
                Arguments.of(new ArrowType.Int(32, false), t(DataTypes.BIGINT()), true),
                Arguments.of(new ArrowType.Int(64, false), t(DataTypes.BIGINT()), true),
                Arguments.of(new ArrowType.Int(64, false), t(DataTypes.DECIMAL(20, 0)), true),
                Arguments.of(new ArrowType.Int(64, false), t(DataTypes.DECIMAL(19, 0)), false),
                Arguments.of(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), t(DataTypes.FLOAT()), false),
                Arguments.of(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), t(DataTypes.DOUBLE()), true),
                Arguments.of(new ArrowType.Decimal(10, 2, 128), t(DataTypes.DECIMAL(12, 2)), true),
                Arguments.of(new ArrowType.Decimal(10, 2, 128), t(DataTypes.DECIMAL(9, 2)), false),
                Arguments.of(new ArrowType.Decimal(10, 2, 128), t(DataTypes.DECIMAL(10, 3)), false),
                Arguments.of(ArrowType.Utf8.INSTANCE, t(DataTypes.BYTES()), false),
                Arguments.of(ArrowType.Binary.INSTANCE, t(DataTypes.STRING()), false),
                Arguments.of(new ArrowType.FixedSizeBinary(4), t(DataTypes.BYTES()), true),
                Arguments.of(new ArrowType.Time(TimeUnit.NANOSECOND, 64), t(DataTypes.TIME(3)), true),
                Arguments.of(new ArrowType.Date(DateUnit.DAY), t(DataTypes.TIMESTAMP(3)), false),
                Arguments.of(ArrowType.Bool.INSTANCE, t(DataTypes.INT()), false),
                Arguments.of(new ArrowType.Interval(IntervalUnit.YEAR_MONTH),
                        t(DataTypes.INTERVAL(DataTypes.DAY(), DataTypes.SECOND())), false));
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("readability")
    void checksReadability(ArrowType arrow, LogicalType declared, boolean readable) {
        Field f = field("c", arrow);
        if (readable) {
            ArrowTypeMapping.checkReadable(f, declared, "c");
        } else {
            assertThatThrownBy(() -> ArrowTypeMapping.checkReadable(f, declared, "c"))
                    .isInstanceOf(UnsupportedTypeException.class)
                    .hasMessageContaining("column 'c'")
                    .hasMessageContaining(declared.asSummaryString());
        }
    }

    @Test
    void timestampTimeZoneMismatchesExplainTheFix() {
        Field instant = field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
        assertThatThrownBy(() -> ArrowTypeMapping.checkReadable(instant, t(DataTypes.TIMESTAMP(6)), "ts"))
                .hasMessageContaining("declare the column as TIMESTAMP_LTZ");
        Field wallClock = field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
        assertThatThrownBy(() -> ArrowTypeMapping.checkReadable(wallClock, t(DataTypes.TIMESTAMP_LTZ(6)), "ts"))
                .hasMessageContaining("declare the column as TIMESTAMP to read it");
    }

    @Test
    void nestedRowsMatchByNameAndNameMissingFields() {
        Field struct = field("s", ArrowType.Struct.INSTANCE, field("b", ArrowType.Utf8.INSTANCE),
                field("a", new ArrowType.Int(32, true)));
        ArrowTypeMapping.checkReadable(struct,
                t(DataTypes.ROW(DataTypes.FIELD("a", DataTypes.BIGINT()), DataTypes.FIELD("b", DataTypes.STRING()))),
                "s");
        assertThatThrownBy(() -> ArrowTypeMapping.checkReadable(struct,
                        t(DataTypes.ROW(DataTypes.FIELD("zz", DataTypes.INT()))), "s"))
                .isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("column 's.zz'")
                .hasMessageContaining("[b, a]");
        Field map = ArrowTypeMapping.toArrowField("m", t(DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())));
        assertThatThrownBy(() -> ArrowTypeMapping.checkReadable(map,
                        t(DataTypes.MAP(DataTypes.STRING(), DataTypes.SMALLINT())), "m"))
                .hasMessageContaining("column 'm{value}'");
    }

    @Test
    void bindingReportsMissingColumnsWithTheStreamsColumns() {
        Schema schema = new Schema(List.of(field("a", new ArrowType.Int(32, true)), field("b", ArrowType.Utf8.INSTANCE)));
        RowType declared = (RowType) t(DataTypes.ROW(DataTypes.FIELD("b", DataTypes.STRING()),
                DataTypes.FIELD("c", DataTypes.INT())));
        assertThatThrownBy(() -> RowTypeBinding.bind(declared, schema, "data.arrows"))
                .isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("column 'c'")
                .hasMessageContaining("data.arrows")
                .hasMessageContaining("[a, b]");
        RowTypeBinding binding = RowTypeBinding.bind(
                (RowType) t(DataTypes.ROW(DataTypes.FIELD("b", DataTypes.STRING()))), schema, "data.arrows");
        assertThat(binding.size()).isEqualTo(1);
        assertThat(binding.fieldIndex(0)).isEqualTo(1);
    }
}
