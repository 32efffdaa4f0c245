package io.lightstream.kafka.mapping;

import static io.lightstream.kafka.mapping.AllTypesBatch.nullable;
import static io.lightstream.kafka.mapping.AllTypesBatch.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests for {@link ConnectSchemaMapper}. */
class ConnectSchemaMapperTest {
    private final ConnectSchemaMapper precise = new ConnectSchemaMapper(MappingOptions.DEFAULT);
    private final ConnectSchemaMapper connect =
            new ConnectSchemaMapper(new MappingOptions(TemporalMode.CONNECT, 38, "UTC"));

    @Test
    void mapsEveryArrowTypeToTheDocumentedConnectSchema() {
        Schema row = precise.toConnect(AllTypesBatch.schema(), "all");
        assertThat(row.name()).isEqualTo("all");
        assertThat(row.parameters()).containsEntry("arrow.metadata.origin", "all-types");

        assertConnect(row, "bool", Schema.Type.BOOLEAN, null, Map.of());
        assertConnect(row, "i8", Schema.Type.INT8, null, Map.of());
        assertConnect(row, "i64", Schema.Type.INT64, null, Map.of());
        assertConnect(row, "u8", Schema.Type.INT16, null, Map.of("arrow.type", "uint8"));
        assertConnect(row, "u16", Schema.Type.INT32, null, Map.of("arrow.type", "uint16"));
        assertConnect(row, "u32", Schema.Type.INT64, null, Map.of("arrow.type", "uint32"));
        assertConnect(row, "u64", Schema.Type.BYTES, Decimal.LOGICAL_NAME,
                Map.of("arrow.type", "uint64", "scale", "0", "connect.decimal.precision", "20"));
        assertConnect(row, "f16", Schema.Type.FLOAT32, null, Map.of("arrow.type", "float16"));
        assertConnect(row, "f64", Schema.Type.FLOAT64, null, Map.of());
        assertConnect(row, "utf8", Schema.Type.STRING, null, Map.of());
        assertConnect(row, "large_utf8", Schema.Type.STRING, null, Map.of("arrow.type", "large_utf8"));
        assertConnect(row, "binary_view", Schema.Type.BYTES, null, Map.of("arrow.type", "binary_view"));
        assertConnect(row, "fixed_binary", Schema.Type.BYTES, null,
                Map.of("arrow.type", "fixed_size_binary", "arrow.byte_width", "4"));
        assertConnect(row, "dec128", Schema.Type.BYTES, Decimal.LOGICAL_NAME,
                Map.of("scale", "2", "connect.decimal.precision", "10"));
        assertConnect(row, "dec256_narrow", Schema.Type.BYTES, Decimal.LOGICAL_NAME,
                Map.of("scale", "3", "connect.decimal.precision", "20", "arrow.type", "decimal256"));
        assertConnect(row, "date32", Schema.Type.INT32, Date.LOGICAL_NAME, Map.of());
        assertConnect(row, "date64", Schema.Type.INT32, Date.LOGICAL_NAME, Map.of("arrow.type", "date64"));
        assertConnect(row, "time_s", Schema.Type.INT32, Time.LOGICAL_NAME,
                Map.of("arrow.type", "time32", "arrow.unit", "SECOND"));
        assertConnect(row, "time_ms", Schema.Type.INT32, Time.LOGICAL_NAME, Map.of());
        assertConnect(row, "time_us", Schema.Type.INT64, ArrowParameters.TIME_NAME, Map.of("arrow.unit", "MICROSECOND"));
        assertConnect(row, "ts_ms_utc", Schema.Type.INT64, Timestamp.LOGICAL_NAME, Map.of());
        assertConnect(row, "ts_s", Schema.Type.INT64, Timestamp.LOGICAL_NAME,
                Map.of("arrow.type", "timestamp", "arrow.unit", "SECOND"));
        assertConnect(row, "ts_ms_paris", Schema.Type.INT64, Timestamp.LOGICAL_NAME,
                Map.of("arrow.type", "timestamp", "arrow.timezone", "Europe/Paris"));
        assertConnect(row, "ts_us_utc", Schema.Type.INT64, ArrowParameters.TIMESTAMP_NAME,
                Map.of("arrow.unit", "MICROSECOND", "arrow.timezone", "UTC"));
        assertConnect(row, "ts_ns", Schema.Type.INT64, ArrowParameters.TIMESTAMP_NAME, Map.of("arrow.unit", "NANOSECOND"));
        assertConnect(row, "dur_s", Schema.Type.INT64, ArrowParameters.DURATION_NAME, Map.of("arrow.unit", "SECOND"));
        assertConnect(row, "iv_ym", Schema.Type.INT32, ArrowParameters.INTERVAL_YEAR_MONTH_NAME, Map.of());
        assertConnect(row, "iv_mdn", Schema.Type.STRUCT, ArrowParameters.INTERVAL_MONTH_DAY_NANO_NAME, Map.of());
        assertConnect(row, "list", Schema.Type.ARRAY, null, Map.of());
        assertConnect(row, "fixed_list", Schema.Type.ARRAY, null,
                Map.of("arrow.type", "fixed_size_list", "arrow.list_size", "2"));
        assertConnect(row, "list_view", Schema.Type.ARRAY, null, Map.of("arrow.type", "list_view"));
        assertConnect(row, "map", Schema.Type.MAP, null, Map.of());
        assertConnect(row, "nothing", Schema.Type.STRING, null, Map.of("arrow.type", "null"));
        assertConnect(row, "annotated", Schema.Type.STRING, null, Map.of("arrow.metadata.comment", "has metadata"));

        assertThat(row.field("required").schema().isOptional()).isFalse();
        assertThat(row.field("i32").schema().isOptional()).isTrue();
        Schema struct = row.field("struct").schema();
        assertThat(struct.field("a").schema().isOptional()).isFalse();
        assertThat(struct.field("b").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(row.field("list").schema().valueSchema().type()).isEqualTo(Schema.Type.INT32);
        assertThat(row.field("map").schema().keySchema().isOptional()).isFalse();
        assertThat(row.field("map").schema().valueSchema().type()).isEqualTo(Schema.Type.INT64);
    }

    @Test
    void connectModeUsesConnectLogicalTypesAndKeepsTheUnit() {
        Schema row = connect.toConnect(AllTypesBatch.schema(), null);
        assertConnect(row, "time_ns", Schema.Type.INT32, Time.LOGICAL_NAME,
                Map.of("arrow.type", "time64", "arrow.unit", "NANOSECOND"));
        assertConnect(row, "ts_us_utc", Schema.Type.INT64, Timestamp.LOGICAL_NAME,
                Map.of("arrow.type", "timestamp", "arrow.unit", "MICROSECOND", "arrow.timezone", "UTC"));
        assertConnect(row, "ts_ns", Schema.Type.INT64, Timestamp.LOGICAL_NAME,
                Map.of("arrow.type", "timestamp", "arrow.unit", "NANOSECOND"));
    }

    @ParameterizedTest
    @EnumSource(TemporalMode.class)
    void arrowSchemaSurvivesTheRoundTripThroughConnect(TemporalMode mode) {
        ConnectSchemaMapper mapper = new ConnectSchemaMapper(new MappingOptions(mode, 38, "UTC"));
        org.apache.arrow.vector.types.pojo.Schema arrow = AllTypesBatch.schema();
        assertThat(mapper.toArrow(mapper.toConnect(arrow, "row"))).isEqualTo(arrow);
    }

    @Test
    void plainConnectSchemasGetTheDefaultArrowTypes() {
        Schema schema = SchemaBuilder.struct()
                .field("ts", Timestamp.SCHEMA)
                .field("day", Date.builder().optional().build())
                .field("clock", Time.SCHEMA)
                .field("amount", Decimal.schema(4))
                .field("wide", Decimal.builder(2).parameter("connect.decimal.precision", "50").build())
                .field("tags", SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA, Schema.INT32_SCHEMA).build())
                .field("items", SchemaBuilder.array(Schema.OPTIONAL_FLOAT64_SCHEMA).optional().build())
                .build();
        org.apache.arrow.vector.types.pojo.Schema arrow = precise.toArrow(schema);
        assertThat(arrow.findField("ts").getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"));
        assertThat(arrow.findField("ts").isNullable()).isFalse();
        assertThat(arrow.findField("day").getType()).isEqualTo(new ArrowType.Date(DateUnit.DAY));
        assertThat(arrow.findField("day").isNullable()).isTrue();
        assertThat(arrow.findField("clock").getType()).isEqualTo(new ArrowType.Time(TimeUnit.MILLISECOND, 32));
        assertThat(arrow.findField("amount").getType()).isEqualTo(new ArrowType.Decimal(38, 4, 128));
        assertThat(arrow.findField("wide").getType()).isEqualTo(new ArrowType.Decimal(50, 2, 256));
        Field entries = arrow.findField("tags").getChildren().get(0);
        assertThat(entries.getName()).isEqualTo("entries");
        assertThat(entries.getChildren().get(0).isNullable()).as("Arrow map keys are never null").isFalse();
        assertThat(arrow.findField("items").getType()).isEqualTo(ArrowType.List.INSTANCE);
        assertThat(arrow.findField("items").getChildren().get(0).getName()).isEqualTo("item");

        ConnectSchemaMapper naive = new ConnectSchemaMapper(new MappingOptions(TemporalMode.PRECISE, 12, null));
        org.apache.arrow.vector.types.pojo.Schema naiveArrow = naive.toArrow(schema);
        assertThat(naiveArrow.findField("ts").getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MILLISECOND, null));
        assertThat(naiveArrow.findField("amount").getType()).isEqualTo(new ArrowType.Decimal(12, 4, 128));
    }

    @Test
    void dictionaryAndRunEndEncodedColumnsMapToTheirValueType() {
        Field dict = new Field("city", new FieldType(true, ArrowType.Utf8.INSTANCE,
                new DictionaryEncoding(7, false, new ArrowType.Int(16, true))), null);
        Field ree = nullable("runs", ArrowType.RunEndEncoded.INSTANCE,
                required("run_ends", new ArrowType.Int(32, true)), nullable("values", new ArrowType.Int(64, true)));
        Schema row = precise.toConnect(new org.apache.arrow.vector.types.pojo.Schema(List.of(dict, ree)), null);
        assertThat(row.field("city").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(row.field("city").schema().parameters()).containsEntry("arrow.dictionary_index", "int16");
        assertThat(row.field("runs").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(row.field("runs").schema().isOptional()).isTrue();
    }

    @Test
    void unionsAreRejectedNamingTheNestedColumn() {
        Field union = nullable("choice", new ArrowType.Union(UnionMode.Sparse, new int[] {0, 1}),
                nullable("i", new ArrowType.Int(32, true)), nullable("s", ArrowType.Utf8.INSTANCE));
        Field outer = nullable("outer", ArrowType.Struct.INSTANCE, union);
        assertThatThrownBy(() -> precise.toConnect(new org.apache.arrow.vector.types.pojo.Schema(List.of(outer)), null))
                .isInstanceOf(SchemaMappingException.class)
                .hasMessageContaining("column 'outer.choice'")
                .hasMessageContaining("no union type")
                .satisfies(e -> assertThat(((SchemaMappingException) e).column()).isEqualTo("outer.choice"));
    }

    @Test
    void duplicateAndEmptyFieldNamesAreRejected() {
        org.apache.arrow.vector.types.pojo.Schema dup = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                nullable("a", ArrowType.Bool.INSTANCE), nullable("a", ArrowType.Utf8.INSTANCE)));
        assertThatThrownBy(() -> precise.toConnect(dup, null))
                .isInstanceOf(SchemaMappingException.class).hasMessageContaining("column 'a': appears twice");
        org.apache.arrow.vector.types.pojo.Schema empty = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                nullable("s", ArrowType.Struct.INSTANCE, nullable("", ArrowType.Bool.INSTANCE))));
        assertThatThrownBy(() -> precise.toConnect(empty, null))
                .isInstanceOf(SchemaMappingException.class).hasMessageContaining("column 's'")
                .hasMessageContaining("without a name");
    }

    @Test
    void inconsistentParametersAreRejectedNamingColumnAndParameter() {
        assertRejected(SchemaBuilder.int32().parameter("arrow.type", "uint8").build(), "'arrow.type'='uint8'");
        assertRejected(SchemaBuilder.bytes().parameter("arrow.type", "fixed_size_binary").build(),
                "lacks the 'arrow.byte_width'");
        assertRejected(SchemaBuilder.bytes().parameter("arrow.type", "fixed_size_binary")
                .parameter("arrow.byte_width", "four").build(), "'arrow.byte_width'='four', which is not an integer");
        assertRejected(SchemaBuilder.int64().name(ArrowParameters.TIMESTAMP_NAME).parameter("arrow.unit", "FORTNIGHT").build(),
                "'arrow.unit'='FORTNIGHT'");
        assertRejected(SchemaBuilder.int64().name(ArrowParameters.DURATION_NAME).build(), "lacks the 'arrow.unit'");
        assertRejected(Timestamp.builder().parameter("arrow.type", "timestamp").parameter("arrow.timezone", "Mars/Base").build(),
                "invalid 'arrow.timezone'='Mars/Base'");
        assertRejected(Decimal.builder(40).build(), "scale 40 outside the precision 38 (the default");
        assertRejected(Decimal.builder(2).parameter("connect.decimal.precision", "80").build(), "precision 80");
        assertRejected(SchemaBuilder.array(Schema.INT32_SCHEMA).parameter("arrow.type", "fixed_size_list").build(),
                "lacks the 'arrow.list_size'");
        assertThatThrownBy(() -> precise.toArrow(Schema.STRING_SCHEMA))
                .isInstanceOf(SchemaMappingException.class).hasMessageContaining("rows need a STRUCT schema");
    }

    private void assertRejected(Schema column, String message) {
        Schema row = SchemaBuilder.struct().field("outer", SchemaBuilder.struct().field("col", column).build()).build();
        assertThatThrownBy(() -> precise.toArrow(row))
                .isInstanceOf(SchemaMappingException.class)
                .hasMessageContaining("column 'outer.col'")
                .hasMessageContaining(message);
    }

    private static void assertConnect(Schema row, String column, Schema.Type type, String name,
            Map<String, String> parameters) {
        Schema s = row.field(column).schema();
        assertThat(s.type()).as(column).isEqualTo(type);
        assertThat(s.name()).as(column).isEqualTo(name);
        Map<String, String> actual = s.parameters() == null ? Map.of() : s.parameters();
        assertThat(actual).as(column).isEqualTo(parameters);
    }
}
