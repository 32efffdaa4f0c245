package io.lightstream.kafka.mapping;

import static io.lightstream.kafka.mapping.AllTypesBatch.nullable;
import static io.lightstream.kafka.mapping.AllTypesBatch.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.RunEndEncodedVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests for {@link RowReader} and {@link RowWriter}: Arrow rows to Connect values and back. */
class RowConversionTest {
    private BufferAllocator allocator;
    private final ConnectSchemaMapper mapper = new ConnectSchemaMapper(MappingOptions.DEFAULT);

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close(); // fails the test on any leaked buffer
    }

    @Test
    void readsEveryTypeAsConnectValues() {
        try (VectorSchemaRoot root = AllTypesBatch.create(allocator)) {
            Schema schema = mapper.toConnect(root.getSchema(), "all");
            RowReader rows = new RowReader(schema, root, null);
            Struct r0 = rows.read(0);
            Struct r1 = rows.read(1);
            Struct r2 = rows.read(2);

            assertThat(r0.get("bool")).isEqualTo(true);
            assertThat(r1.get("i8")).isEqualTo(Byte.MIN_VALUE);
            assertThat(r1.get("i64")).isEqualTo(Long.MAX_VALUE);
            assertThat(r1.get("u8")).isEqualTo((short) 255);
            assertThat(r1.get("u16")).isEqualTo(65535);
            assertThat(r1.get("u32")).isEqualTo(4294967295L);
            assertThat(r1.get("u64")).isEqualTo(new BigDecimal("18446744073709551615"));
            assertThat(r0.get("f16")).isEqualTo(1.5f);
            assertThat(r1.get("f16")).isEqualTo(-65504f);
            assertThat(r0.get("utf8")).isEqualTo("héllo");
            assertThat(r1.get("utf8_view")).isEqualTo("a view string longer than twelve bytes");
            assertThat((byte[]) r0.get("fixed_binary")).containsExactly(1, 2, 3, 4);
            assertThat(r0.get("dec256")).isEqualTo(new BigDecimal("12345678901234567890123456789012345.12345"));
            assertThat(r1.get("date32")).isEqualTo(new java.util.Date(-86_400_000L));
            assertThat(r0.get("time_s")).isEqualTo(new java.util.Date(3_600_000L));
            assertThat(r0.get("time_us")).isEqualTo(45_296_789_123L);
            assertThat(r1.get("ts_s")).isEqualTo(new java.util.Date(-1000L));
            assertThat(r0.get("ts_ns")).isEqualTo(1_700_000_000_123_456_789L);
            assertThat(r1.get("dur_s")).isEqualTo(Long.MIN_VALUE);
            assertThat(((Struct) r0.get("iv_dt")).get("milliseconds")).isEqualTo(500);
            assertThat(((Struct) r1.get("iv_mdn")).get("nanoseconds")).isEqualTo(Long.MAX_VALUE);
            assertThat(r0.getArray("list")).containsExactly(1, null, 3);
            assertThat(r1.getArray("list")).isEmpty();
            assertThat(r1.getArray("large_list")).containsExactly("y", "z");
            assertThat(r1.getArray("fixed_list")).containsExactly(-1.0, null);
            assertThat(r0.getArray("list_view")).containsExactly(10L, 20L);
            assertThat(r0.getStruct("struct").get("b")).isEqualTo("one");
            Map<Object, Object> expectedMap = new LinkedHashMap<>();
            expectedMap.put("k1", 1L);
            expectedMap.put("k2", null);
            assertThat(r0.getMap("map")).isEqualTo(expectedMap);
            assertThat(r0.get("nothing")).isNull();
            for (org.apache.kafka.connect.data.Field f : schema.fields()) {
                if (f.schema().isOptional()) {
                    assertThat(r2.get(f)).as(f.name()).isNull();
                }
            }
            assertThat(r2.get("required")).isEqualTo(3);
        }
    }

    @Test
    void connectModeRoundsSubMillisecondValuesTowardNegativeInfinity() {
        ConnectSchemaMapper connectMode = new ConnectSchemaMapper(new MappingOptions(TemporalMode.CONNECT, 38, "UTC"));
        try (VectorSchemaRoot root = AllTypesBatch.create(allocator)) {
            RowReader rows = new RowReader(connectMode.toConnect(root.getSchema(), null), root, null);
            assertThat(rows.read(0).get("ts_ns")).isEqualTo(new java.util.Date(1_700_000_000_123L));
            assertThat(rows.read(1).get("ts_us_utc")).isEqualTo(new java.util.Date(-1L));
            assertThat(rows.read(1).get("ts_ns")).isEqualTo(new java.util.Date(-1L));
            assertThat(rows.read(0).get("time_ns")).isEqualTo(new java.util.Date(45_296_789L));
        }
    }

    @Test
    void writesTheSameBatchBackFromConnectValues() {
        try (VectorSchemaRoot original = AllTypesBatch.create(allocator)) {
            Schema schema = mapper.toConnect(original.getSchema(), "all");
            List<Struct> structs = readAll(schema, original);
            try (RowWriter writer = new RowWriter(mapper.toArrow(schema), allocator)) {
                structs.forEach(writer::append);
                VectorSchemaRoot copy = writer.finish();
                assertThat(copy.equals(original)).as(() -> "expected\n" + original.contentToTSVString()
                        + "\nbut was\n" + copy.contentToTSVString()).isTrue();
                assertThat(writer.estimatedBytes()).isPositive();

                writer.reset();
                assertThat(writer.rowCount()).isZero();
                structs.forEach(writer::append);
                assertThat(writer.finish().equals(original)).as("a reset writer builds the batch again").isTrue();
            }
        }
    }

    @Test
    void survivesTheJsonConverterWithSchemas() {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true"), false);
        try (VectorSchemaRoot original = AllTypesBatch.create(allocator)) {
            Schema schema = mapper.toConnect(original.getSchema(), "all");
            try (RowWriter writer = new RowWriter(mapper.toArrow(schema), allocator)) {
                for (Struct s : readAll(schema, original)) {
                    byte[] bytes = json.fromConnectData("topic", schema, s);
                    SchemaAndValue back = json.toConnectData("topic", bytes);
                    assertThat(mapper.toArrow(back.schema())).isEqualTo(original.getSchema());
                    writer.append(back.value());
                }
                assertThat(writer.finish().equals(original)).isTrue();
            }
        }
    }

    @Test
    void decodesDictionaryColumnsThroughTheBatchDictionaries() {
        DictionaryEncoding encoding = new DictionaryEncoding(3, false, new ArrowType.Int(32, true));
        Field field = new Field("city", new FieldType(true, ArrowType.Utf8.INSTANCE, encoding), null);
        try (VarCharVector dictValues = new VarCharVector("dict", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(
                        List.of(new Field("city", new FieldType(true, new ArrowType.Int(32, true), encoding), null))),
                        allocator)) {
            dictValues.setSafe(0, "Oslo".getBytes(StandardCharsets.UTF_8));
            dictValues.setSafe(1, "Lima".getBytes(StandardCharsets.UTF_8));
            dictValues.setValueCount(2);
            IntVector indices = (IntVector) root.getVector(0);
            indices.setSafe(0, 1);
            indices.setNull(1);
            indices.setSafe(2, 0);
            indices.setSafe(3, 5);
            root.setRowCount(4);
            DictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(new Dictionary(dictValues, encoding));

            Schema schema = mapper.toConnect(new org.apache.arrow.vector.types.pojo.Schema(List.of(field)), null);
            RowReader rows = new RowReader(schema, root, provider);
            assertThat(rows.read(0).get("city")).isEqualTo("Lima");
            assertThat(rows.read(1).get("city")).isNull();
            assertThat(rows.read(2).get("city")).isEqualTo("Oslo");
            assertThatThrownBy(() -> rows.read(3)).isInstanceOf(DataException.class)
                    .hasMessageContaining("column 'city' row 3: dictionary index 5 is outside the dictionary of 2 entries");
            assertThatThrownBy(() -> new RowReader(schema, root, new DictionaryProvider.MapDictionaryProvider()))
                    .isInstanceOf(DataException.class).hasMessageContaining("dictionary 3 is referenced but was not sent");
        }
    }

    @Test
    void rowsShareImmutableDictionaryEntriesButGetTheirOwnMutableOnes() {
        DictionaryEncoding strings = new DictionaryEncoding(1, false, new ArrowType.Int(8, true));
        DictionaryEncoding blobs = new DictionaryEncoding(2, false, new ArrowType.Int(8, true));
        org.apache.arrow.vector.types.pojo.Schema arrow = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                new Field("city", new FieldType(true, ArrowType.Utf8.INSTANCE, strings), null),
                new Field("blob", new FieldType(true, ArrowType.Binary.INSTANCE, blobs), null)));
        try (VarCharVector cities = new VarCharVector("cities", allocator);
                org.apache.arrow.vector.VarBinaryVector bytes = new org.apache.arrow.vector.VarBinaryVector("bytes", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(List.of(
                        new Field("city", new FieldType(true, new ArrowType.Int(8, true), strings), null),
                        new Field("blob", new FieldType(true, new ArrowType.Int(8, true), blobs), null))), allocator)) {
            cities.setSafe(0, "Zürich".getBytes(StandardCharsets.UTF_8));
            cities.setValueCount(1);
            bytes.setSafe(0, new byte[] {1, 2, 3});
            bytes.setValueCount(1);
            for (int i = 0; i < 3; i++) {
                ((org.apache.arrow.vector.TinyIntVector) root.getVector(0)).setSafe(i, 0);
                ((org.apache.arrow.vector.TinyIntVector) root.getVector(1)).setSafe(i, 0);
            }
            root.setRowCount(3);
            DictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(new Dictionary(cities, strings),
                    new Dictionary(bytes, blobs));
            RowReader rows = new RowReader(mapper.toConnect(arrow, null), root, provider);
            Struct a = rows.read(0);
            Struct b = rows.read(2);
            assertThat(a.get("city")).isEqualTo("Zürich").isSameAs(b.get("city"));
            assertThat((byte[]) a.get("blob")).containsExactly(1, 2, 3).isNotSameAs(b.get("blob"));
            ((byte[]) a.get("blob"))[0] = 9;
            assertThat((byte[]) b.get("blob")).as("a row changing its bytes does not change another's").startsWith(1);
        }
    }

    @Test
    void writerTakesStructsOfSeveralConnectSchemasInTurn() {
        org.apache.arrow.vector.types.pojo.Schema arrow = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                required("id", new ArrowType.Int(64, true)), nullable("name", ArrowType.Utf8.INSTANCE)));
        Schema full = SchemaBuilder.struct().field("name", Schema.OPTIONAL_STRING_SCHEMA).field("id", Schema.INT64_SCHEMA)
                .build();
        Schema idOnly = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        try (RowWriter writer = new RowWriter(arrow, allocator)) {
            writer.append(new Struct(full).put("id", 1L).put("name", "one"));
            writer.append(new Struct(idOnly).put("id", 2L));
            writer.append(new Struct(full).put("id", 3L).put("name", "three"));
            VectorSchemaRoot batch = writer.finish();
            assertThat(batch.getRowCount()).isEqualTo(3);
            assertThat(((BigIntVector) batch.getVector("id")).get(1)).isEqualTo(2L);
            assertThat(batch.getVector("name").getObject(0)).hasToString("one");
            assertThat(batch.getVector("name").isNull(1)).as("a field the struct lacks is null").isTrue();
            assertThat(batch.getVector("name").getObject(2)).hasToString("three");
        }
    }

    @Test
    void decodesUtf8OfEveryLengthAndNullsInNullableColumns() {
        org.apache.arrow.vector.types.pojo.Schema arrow = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                nullable("s", ArrowType.Utf8.INSTANCE), nullable("l", ArrowType.LargeUtf8.INSTANCE)));
        List<String> values = Arrays.asList("", "a", "日本語テキスト", "x".repeat(300) + "é", null, "ü".repeat(5000));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator)) {
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                if (v == null) {
                    ((VarCharVector) root.getVector(0)).setNull(i);
                    ((org.apache.arrow.vector.LargeVarCharVector) root.getVector(1)).setNull(i);
                } else {
                    ((VarCharVector) root.getVector(0)).setSafe(i, v.getBytes(StandardCharsets.UTF_8));
                    ((org.apache.arrow.vector.LargeVarCharVector) root.getVector(1)).setSafe(i,
                            v.getBytes(StandardCharsets.UTF_8));
                }
            }
            root.setRowCount(values.size());
            RowReader rows = new RowReader(mapper.toConnect(arrow, null), root, null);
            for (int i = 0; i < values.size(); i++) {
                assertThat(rows.read(i).get("s")).as("row %d", i).isEqualTo(values.get(i));
                assertThat(rows.read(i).get("l")).as("row %d", i).isEqualTo(values.get(i));
            }
        }
    }

    @Test
    void decodesRunEndEncodedColumns() {
        Field field = nullable("runs", ArrowType.RunEndEncoded.INSTANCE,
                required("run_ends", new ArrowType.Int(32, true)), nullable("values", new ArrowType.Int(64, true)));
        org.apache.arrow.vector.types.pojo.Schema arrow = new org.apache.arrow.vector.types.pojo.Schema(List.of(field));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator)) {
            RunEndEncodedVector ree = (RunEndEncodedVector) root.getVector(0);
            ree.allocateNew();
            IntVector ends = (IntVector) ree.getRunEndsVector();
            BigIntVector values = (BigIntVector) ree.getValuesVector();
            ends.setSafe(0, 2);
            ends.setSafe(1, 3);
            ends.setSafe(2, 5);
            ends.setValueCount(3);
            values.setSafe(0, 7L);
            values.setNull(1);
            values.setSafe(2, 9L);
            values.setValueCount(3);
            ree.setValueCount(5);
            root.setRowCount(5);
            RowReader rows = new RowReader(mapper.toConnect(arrow, null), root, null);
            List<Object> decoded = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                decoded.add(rows.read(i).get("runs"));
            }
            assertThat(decoded).containsExactly(7L, 7L, null, 9L, 9L);
        }
    }

    @Test
    void writesSchemalessMapsIntoADeclaredSchema() {
        Field entries = required("entries", ArrowType.Struct.INSTANCE,
                required("key", ArrowType.Utf8.INSTANCE), nullable("value", new ArrowType.Int(32, true)));
        org.apache.arrow.vector.types.pojo.Schema arrow = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                required("id", new ArrowType.Int(64, true)),
                nullable("price", new ArrowType.Decimal(9, 2, 128)),
                nullable("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                nullable("day", new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY)),
                nullable("ratio", new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE)),
                nullable("where", ArrowType.Struct.INSTANCE, nullable("lat", new ArrowType.FloatingPoint(
                        org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE))),
                nullable("counts", new ArrowType.Map(false), entries)));
        Map<String, Object> row = new HashMap<>();
        row.put("id", 42L);
        row.put("price", "19.90");
        row.put("at", "2024-01-31T13:45:30.123456Z");
        row.put("day", "2024-02-29");
        row.put("ratio", 0.5);
        row.put("where", Map.of("lat", 59.9));
        row.put("counts", Map.of("a", 1L));
        row.put("ignored", "not declared");
        try (RowWriter writer = new RowWriter(arrow, allocator)) {
            writer.append(row);
            writer.append(Map.of("id", 43L, "at", 1_706_708_730_000_000L));
            VectorSchemaRoot root = writer.finish();
            Struct r0 = new RowReader(mapper.toConnect(arrow, null), root, null).read(0);
            assertThat(r0.get("id")).isEqualTo(42L);
            assertThat(r0.get("price")).isEqualTo(new BigDecimal("19.90"));
            assertThat(r0.get("at")).isEqualTo(1_706_708_730_123_456L);
            assertThat(r0.get("day")).isEqualTo(new java.util.Date(19_782L * 86_400_000L));
            assertThat(r0.getStruct("where").get("lat")).isEqualTo(59.9);
            assertThat(r0.getMap("counts")).isEqualTo(Map.of("a", 1));
            Struct r1 = new RowReader(mapper.toConnect(arrow, null), root, null).read(1);
            assertThat(r1.get("at")).isEqualTo(1_706_708_730_000_000L);
            assertThat(r1.get("price")).isNull();
        }
    }

    @Test
    void rejectsValuesThatDoNotFitNamingTheColumn() {
        Field entries = required("entries", ArrowType.Struct.INSTANCE,
                required("key", ArrowType.Utf8.INSTANCE), nullable("value", ArrowType.Utf8.INSTANCE));
        org.apache.arrow.vector.types.pojo.Schema arrow = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                required("id", new ArrowType.Int(8, true)),
                nullable("u", new ArrowType.Int(32, false)),
                nullable("price", new ArrowType.Decimal(4, 2, 128)),
                nullable("hash", new ArrowType.FixedSizeBinary(2)),
                nullable("pair", new ArrowType.FixedSizeList(2), nullable("item", new ArrowType.Int(32, true))),
                nullable("tags", new ArrowType.Map(false), entries),
                nullable("ts", new ArrowType.Timestamp(TimeUnit.SECOND, null)),
                nullable("s", ArrowType.Struct.INSTANCE, required("inner", ArrowType.Utf8.INSTANCE))));
        try (RowWriter writer = new RowWriter(arrow, allocator)) {
            assertAppendFails(writer, Map.of("id", 128L), "column 'id': 128 is outside [-128, 127]");
            assertAppendFails(writer, Map.of(), "column 'id' is not nullable but the value is null");
            assertAppendFails(writer, Map.of("id", "7"), "column 'id' expects an integer, got String 7");
            assertAppendFails(writer, Map.of("id", 1L, "u", -1L), "column 'u': -1 is outside [0, 4294967295]");
            assertAppendFails(writer, Map.of("id", 1L, "price", new BigDecimal("1.234")), "more than 2 decimal places");
            assertAppendFails(writer, Map.of("id", 1L, "price", new BigDecimal("123.4")), "more than 4 digits");
            assertAppendFails(writer, Map.of("id", 1L, "hash", new byte[3]), "column 'hash' holds 2-byte values, got 3");
            assertAppendFails(writer, Map.of("id", 1L, "pair", List.of(1)), "lists of exactly 2 elements, got 1");
            Map<String, Object> nullKey = new HashMap<>();
            nullKey.put(null, "v");
            assertAppendFails(writer, Map.of("id", 1L, "tags", nullKey), "column 'tags': Arrow map keys cannot be null");
            assertAppendFails(writer, Map.of("id", 1L, "ts", new java.util.Date(1500)), "would lose its milliseconds");
            assertAppendFails(writer, Map.of("id", 1L, "ts", "yesterday"), "'yesterday' is not an ISO-8601 timestamp");
            assertAppendFails(writer, Map.of("id", 1L, "s", Map.of()), "column 's.inner' is not nullable");
            assertAppendFails(writer, "text", "a row must be a Struct or a Map");
            assertThat(writer.rowCount()).isZero();

            // A failed row leaves no trace: the next good row takes its slot.
            assertAppendFails(writer, Map.of("id", 1L, "pair", List.of(5, 6), "tags", Map.of("k", "v"),
                    "s", Map.of("inner", "x"), "price", "bad"), "'bad' is not a decimal number");
            writer.append(Map.of("id", 2L, "pair", Arrays.asList(7, null)));
            VectorSchemaRoot root = writer.finish();
            assertThat(root.getRowCount()).isEqualTo(1);
            Struct back = new RowReader(mapper.toConnect(arrow, null), root, null).read(0);
            assertThat(back.get("id")).isEqualTo((byte) 2);
            assertThat(back.getArray("pair")).containsExactly(7, null);
            assertThat(back.get("tags")).isNull();
            assertThat(back.get("s")).isNull();
            assertThat(back.get("price")).isNull();
        }
    }

    @Test
    void readerRejectsNullInARequiredColumnAndDate64WithATimeOfDay() {
        org.apache.arrow.vector.types.pojo.Schema arrow = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                nullable("d", new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.MILLISECOND))));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator)) {
            ((org.apache.arrow.vector.DateMilliVector) root.getVector(0)).setSafe(0, 86_400_001L);
            root.setRowCount(1);
            RowReader rows = new RowReader(mapper.toConnect(arrow, null), root, null);
            assertThatThrownBy(() -> rows.read(0)).isInstanceOf(DataException.class)
                    .hasMessageContaining("column 'd' row 0: date64 value 86400001 ms is not a whole day");
        }
        Schema requiredSchema = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();
        org.apache.arrow.vector.types.pojo.Schema nullableArrow = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                nullable("x", new ArrowType.Int(32, true))));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(nullableArrow, allocator)) {
            root.getVector(0).setNull(0);
            root.setRowCount(1);
            assertThatThrownBy(() -> new RowReader(requiredSchema, root, null).read(0))
                    .isInstanceOf(DataException.class).hasMessageContaining("column 'x' row 0 is null");
        }
    }

    private static void assertAppendFails(RowWriter writer, Object row, String message) {
        int before = writer.rowCount();
        assertThatThrownBy(() -> writer.append(row)).isInstanceOf(DataException.class).hasMessageContaining(message);
        assertThat(writer.rowCount()).isEqualTo(before);
    }

    private static List<Struct> readAll(Schema schema, VectorSchemaRoot root) {
        RowReader rows = new RowReader(schema, root, null);
        List<Struct> out = new ArrayList<>();
        for (int i = 0; i < rows.rowCount(); i++) {
            out.add(rows.read(i));
        }
        return out;
    }
}
