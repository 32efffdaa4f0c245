package io.lightstream.kafka.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.kafka.mapping.AllTypesBatch;
import io.lightstream.kafka.mapping.IpcBytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests for {@link ArrowIpcConverter}: legal Connect values both ways, lossless round trips, clear errors. */
class ArrowIpcConverterTest {
    private BufferAllocator allocator;
    private final ArrowIpcConverter converter = new ArrowIpcConverter();

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
        converter.configure(Map.of(), false);
    }

    @AfterEach
    void tearDown() {
        converter.close();
        allocator.close();
    }

    /**
     * The columns of the all-types batch that the IPC codec carries: list views are left out, as
     * the codec does not decode them.
     */
    private static VectorSchemaRoot codecTypes(VectorSchemaRoot all) {
        List<org.apache.arrow.vector.FieldVector> vectors = all.getFieldVectors().stream()
                .filter(v -> !(v.getField().getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.ListView)
                        && !(v.getField().getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.LargeListView))
                .toList();
        VectorSchemaRoot projected = new VectorSchemaRoot(vectors);
        projected.setRowCount(all.getRowCount());
        return projected;
    }

    @Test
    void aStreamIsAnArrayOfRowStructsThatConnectAccepts() {
        byte[] bytes;
        try (VectorSchemaRoot root = AllTypesBatch.create(allocator)) {
            bytes = IpcBytes.encode(codecTypes(root), null, allocator);
        }
        SchemaAndValue data = converter.toConnectData("t", bytes);
        assertThat(data.schema().type()).isEqualTo(Schema.Type.ARRAY);
        assertThat(data.schema().valueSchema().name()).isEqualTo("io.lightstream.kafka.Row");
        ConnectSchema.validateValue(data.schema(), data.value());
        assertThat((List<?>) data.value()).hasSize(AllTypesBatch.ROWS).allSatisfy(r -> assertThat(r).isInstanceOf(Struct.class));

        // What Connect does with it downstream: serialise with another converter and back.
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true"), false);
        SchemaAndValue viaJson = json.toConnectData("t", json.fromConnectData("t", data.schema(), data.value()));
        assertThat(viaJson.value()).isEqualTo(data.value());
    }

    @Test
    void roundTripsEveryMappedTypeWithoutLoss() {
        try (VectorSchemaRoot all = AllTypesBatch.create(allocator)) {
            VectorSchemaRoot original = codecTypes(all);
            assertThat(original.getFieldVectors()).hasSizeGreaterThan(40);
            byte[] bytes = IpcBytes.encode(original, null, allocator);
            SchemaAndValue data = converter.toConnectData("t", bytes);
            byte[] again = converter.fromConnectData("t", data.schema(), data.value());
            try (IpcBytes.Decoded decoded = IpcBytes.decode(again, allocator)) {
                VectorSchemaRoot copy = decoded.batches().get(0).root();
                assertThat(decoded.schema()).isEqualTo(original.getSchema());
                assertThat(copy.equals(original)).as(() -> "expected\n" + original.contentToTSVString() + "\nbut was\n"
                        + copy.contentToTSVString()).isTrue();
            }
        }
    }

    @Test
    void aStructIsAOneRowStreamWithAContentTypeHeader() {
        Schema row = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = converter.fromConnectData("t", headers, row, new Struct(row).put("id", 5L));
        assertThat(new String(headers.lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .isEqualTo("application/vnd.apache.arrow.stream");
        try (IpcBytes.Decoded decoded = IpcBytes.decode(bytes, allocator)) {
            assertThat(decoded.rowCount()).isEqualTo(1);
            assertThat(decoded.batches().get(0).root().getVector("id").getObject(0)).isEqualTo(5L);
        }
        assertThat(converter.fromConnectData("t", row, null)).isNull();
        assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void whatIsNotRowsIsAClearDataException() {
        assertThatThrownBy(() -> converter.fromConnectData("t", Schema.STRING_SCHEMA, "x"))
                .isInstanceOf(DataException.class).hasMessageContaining("a STRUCT, or an ARRAY of STRUCT; got a STRING");
        assertThatThrownBy(() -> converter.fromConnectData("t", null, Map.of("id", 1)))
                .isInstanceOf(DataException.class).hasMessageContaining("needs a value schema");
        assertThatThrownBy(() -> converter.toConnectData("orders", "{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class).hasMessageContaining("topic orders: the value is not a valid Arrow IPC");
        Schema row = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        assertThatThrownBy(() -> converter.fromConnectData("t", SchemaBuilder.array(row).build(), java.util.Arrays.asList(
                new Struct(row).put("id", 1L), null))).isInstanceOf(DataException.class).hasMessageContaining("row 1");
    }

    @Test
    void isAConnectPluginWithAVersionAndConfig() {
        assertThat(ServiceLoader.load(Converter.class).stream().map(ServiceLoader.Provider::type))
                .contains(ArrowIpcConverter.class);
        assertThat(converter.version()).doesNotContain("${");
        assertThat(converter.config().names()).contains("temporal.precision.mode", "schema.name");
    }
}
