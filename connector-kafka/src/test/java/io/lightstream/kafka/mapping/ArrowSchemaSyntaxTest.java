package io.lightstream.kafka.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Tests for {@link ArrowSchemaSyntax}. */
class ArrowSchemaSyntaxTest {

    @Test
    void parsesEveryTypeAndFormatsItBack() {
        String text = "b: bool, i8: int8 not null, i64: int64, u8: uint8, u64: uint64, h: float16, f: float32,"
                + " d: float64, s: string, ls: large_string, sv: string_view, bin: binary, lb: large_binary,"
                + " bv: binary_view, fsb: fixed_size_binary[16], dec: decimal128(12, 2), big: decimal256(60, -3),"
                + " d32: date32, d64: date64, t32: time32[s], t64: time64[ns], ts: timestamp[us],"
                + " tz: timestamp[ms, tz=Europe/Paris], dur: duration[us], iym: interval[year_month],"
                + " idt: interval[day_time], imdn: interval[month_day_nano], l: list<int32 not null>,"
                + " ll: large_list<element: string>, fsl: fixed_size_list<float32>[3],"
                + " st: struct<x: float64 not null, `odd name`: string>, m: map<string, int64 not null>, n: null";
        Schema schema = ArrowSchemaSyntax.parse(text);
        assertThat(schema.getFields()).hasSize(33);
        assertThat(schema.findField("i8").isNullable()).isFalse();
        assertThat(schema.findField("tz").getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "Europe/Paris"));
        assertThat(schema.findField("big").getType()).isEqualTo(new ArrowType.Decimal(60, -3, 256));
        Field m = schema.findField("m");
        assertThat(m.getChildren().get(0).getChildren().get(0).isNullable()).as("map keys").isFalse();
        assertThat(m.getChildren().get(0).getChildren().get(1).isNullable()).isFalse();
        assertThat(schema.findField("ll").getChildren().get(0).getName()).isEqualTo("element");
        assertThat(schema.findField("st").getChildren().get(1).getName()).isEqualTo("odd name");

        assertThat(ArrowSchemaSyntax.parse(ArrowSchemaSyntax.format(schema))).isEqualTo(schema);
        // what the sink builds from it is what the mapping would build from a Connect schema
        ConnectSchemaMapper mapper = new ConnectSchemaMapper(MappingOptions.DEFAULT);
        assertThat(mapper.toArrow(mapper.toConnect(schema, null))).isEqualTo(schema);
    }

    @Test
    void acceptsSpacingAndAliases() {
        assertThat(ArrowSchemaSyntax.parse(" id :int64  NOT  NULL ,name:utf8,x:double ")).isEqualTo(ArrowSchemaSyntax.parse(
                "id: int64 not null, name: string, x: float64"));
        assertThat(ArrowSchemaSyntax.parse("d: decimal(40, 2)").getFields().get(0).getType())
                .isEqualTo(new ArrowType.Decimal(40, 2, 256));
    }

    @Test
    void errorsNameThePositionAndTheExpectation() {
        for (List<String> c : List.of(
                List.of("", "the schema is empty"),
                List.of("id int64", "character 4 (near 'int64'): expected ':' after the column name 'id'"),
                List.of("id: int65", "character 5 (near 'int65'): unknown type 'int65'"),
                List.of("id: int64, id: string", "column 'id' is declared twice"),
                List.of("ts: timestamp[ms, tz=Nowhere/City]", "'Nowhere/City' is not a time zone"),
                List.of("ts: timestamp[minutes]", "expected a time unit: s, ms, us or ns"),
                List.of("t: time32[us]", "time32 holds s or ms"),
                List.of("d: decimal128(39, 2)", "decimal128 precision must be 1..38, got 39"),
                List.of("d: decimal128(5, 6)", "scale 6 exceeds precision 5"),
                List.of("l: list<int32", "expected '>' to close list"),
                List.of("x: int64 not nul", "expected 'null' after 'not'"),
                List.of("x: int64 y: int64", "expected ',' or the end of the schema"),
                List.of("`x: int64", "unterminated `quoted` name"),
                List.of("f: fixed_size_binary[0]", "width must be at least 1"))) {
            assertThatThrownBy(() -> ArrowSchemaSyntax.parse(c.get(0))).as(c.get(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c.get(1));
        }
    }
}
