package io.lightstream.format.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.format.SampleTables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Arrow -> JSON -> Arrow round trips, both layouts, and the mismatch policies. */
class JsonRoundTripTest {
    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
    }

    /** Every sample column JSON holds (intervals have no JSON form). */
    private static Schema jsonSchema() {
        List<Field> fields = new ArrayList<>();
        for (Field f : SampleTables.parquetSchema().getFields()) {
            if (!(f.getType() instanceof ArrowType.Interval)) {
                fields.add(f);
            }
        }
        return new Schema(fields);
    }

    /** The schema a reader declares: dictionary columns by their value type. */
    private static Schema declared(Schema written) {
        List<Field> fields = new ArrayList<>();
        for (Field f : written.getFields()) {
            fields.add(f.getDictionary() != null ? SampleTables.field(f.getName(), ArrowType.Utf8.INSTANCE, true) : f);
        }
        return new Schema(fields);
    }

    private byte[] write(Schema schema, boolean array, WriteOptions options, List<List<Object>> expected,
            int... sizes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DictionaryProvider.MapDictionaryProvider d = new DictionaryProvider.MapDictionaryProvider();
                LightstreamWriter w = JsonFormat.openWriter(out, "memory", schema, array, options)) {
            int start = 0;
            for (int n : sizes) {
                try (VectorSchemaRoot root = SampleTables.fill(schema, allocator, start, n, d)) {
                    w.write(root, d);
                    expected.addAll(SampleTables.rows(root, d));
                }
                start += n;
            }
        }
        return out.toByteArray();
    }

    private List<List<Object>> read(byte[] json, ReadOptions options) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (LightstreamReader r = JsonFormat.openReader(new ByteArrayInputStream(json), "memory", options)) {
            for (Batch next = r.readBatch(); next != null; next = r.readBatch()) {
                try (Batch b = next) {
                    rows.addAll(SampleTables.rows(b.root(), b.dictionaries()));
                }
            }
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyJsonTypeRoundTripsInBothLayouts(boolean array) throws IOException {
        Schema schema = jsonSchema();
        List<List<Object>> expected = new ArrayList<>();
        byte[] json = write(schema, array, WriteOptions.DEFAULT, expected, 30, 0, 41);
        String text = new String(json, StandardCharsets.UTF_8);
        if (array) {
            assertThat(text).startsWith("[{").endsWith("]\n");
        } else {
            assertThat(text.split("\n")).hasSize(71).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
        }
        List<List<Object>> back = read(json, ReadOptions.builder().allocator(allocator).schema(declared(schema))
                .batchSize(16).build());
        assertThat(back).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(back.get(i)).as("row %d", i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void nullFieldsCanBeOmittedAndStillReadAsNull() throws IOException {
        Schema schema = SampleTables.flatSchema();
        List<List<Object>> expected = new ArrayList<>();
        byte[] json = write(schema, false, WriteOptions.builder().property("nulls", "false").build(), expected, 10);
        assertThat(new String(json, StandardCharsets.UTF_8).split("\n")[3]).isEqualTo("{}");
        assertThat(read(json, ReadOptions.builder().allocator(allocator).schema(schema).build())).isEqualTo(expected);
    }

    @Test
    void emptyInputsGiveNoBatches() throws IOException {
        Schema schema = SampleTables.flatSchema();
        for (String json : new String[] {"", "  \n", "[]", "[ ]\n"}) {
            assertThat(read(json.getBytes(StandardCharsets.UTF_8), ReadOptions.builder().allocator(allocator)
                    .schema(schema).build())).isEmpty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonFormat.openWriter(out, "memory", schema, true, WriteOptions.DEFAULT).close();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[]\n");
    }

    private static final Schema MIXED = new Schema(List.of(
            SampleTables.field("n", new ArrowType.Int(32, true), true),
            SampleTables.field("s", ArrowType.Utf8.INSTANCE, true),
            SampleTables.field("b", ArrowType.Bool.INSTANCE, true)));

    private static final String MISMATCHED = "{\"n\": \"42\", \"s\": 7, \"b\": 1}\n{\"n\": 1.0, \"s\": true, \"b\": \"false\"}\n";

    @Test
    void mismatchErrorNamesRecordColumnAndLine() {
        assertThatThrownBy(() -> read(MISMATCHED.getBytes(StandardCharsets.UTF_8),
                ReadOptions.builder().allocator(allocator).schema(MIXED).build()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("record 1").hasMessageContaining("column 'n'")
                .hasMessageContaining("expected an integer").hasMessageContaining("\"42\"").hasMessageContaining("line 1");
    }

    @Test
    void mismatchCoerceConvertsWhatHasAClearMeaning() throws IOException {
        List<List<Object>> rows = read(MISMATCHED.getBytes(StandardCharsets.UTF_8),
                ReadOptions.builder().allocator(allocator).schema(MIXED).property("mismatch", "coerce").build());
        assertThat(rows).containsExactly(Arrays.asList(42, "7", true), Arrays.asList(1, "true", false));
        assertThatThrownBy(() -> read("{\"n\": \"x\"}".getBytes(StandardCharsets.UTF_8),
                ReadOptions.builder().allocator(allocator).schema(MIXED).property("mismatch", "coerce").build()))
                .isInstanceOf(FormatException.class).hasMessageContaining("column 'n'");
    }

    @Test
    void mismatchNullStoresNull() throws IOException {
        List<List<Object>> rows = read(MISMATCHED.getBytes(StandardCharsets.UTF_8),
                ReadOptions.builder().allocator(allocator).schema(MIXED).property("mismatch", "null").build());
        assertThat(rows).containsExactly(Arrays.asList(null, null, null), Arrays.asList(null, null, null));
    }

    @Test
    void structuralErrors() {
        ReadOptions.Builder options = ReadOptions.builder().allocator(allocator).schema(MIXED);
        assertThatThrownBy(() -> read("{\"n\": 1,, }".getBytes(StandardCharsets.UTF_8), options.build()))
                .isInstanceOf(FormatException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> read("[{\"n\": 1}, {\"n\": 2}".getBytes(StandardCharsets.UTF_8), options.build()))
                .isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> read("{\"n\": 1, \"n\": 2}".getBytes(StandardCharsets.UTF_8), options.build()))
                .isInstanceOf(FormatException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> read("[1, 2]".getBytes(StandardCharsets.UTF_8), options.build()))
                .isInstanceOf(FormatException.class).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> read("{\"n\": 3000000000}".getBytes(StandardCharsets.UTF_8), options.build()))
                .isInstanceOf(FormatException.class).hasMessageContaining("out of range");
        Schema required = new Schema(List.of(SampleTables.field("id", new ArrowType.Int(64, true), false)));
        assertThatThrownBy(() -> read("{\"other\": 1}".getBytes(StandardCharsets.UTF_8),
                ReadOptions.builder().allocator(allocator).schema(required).build()))
                .isInstanceOf(FormatException.class).hasMessageContaining("non-nullable");
        assertThatThrownBy(() -> read("{}".getBytes(StandardCharsets.UTF_8),
                ReadOptions.builder().allocator(allocator).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema");
    }
}
