package io.lightstream.bench.kafka;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.kafka.mapping.ConnectSchemaMapper;
import io.lightstream.kafka.mapping.IpcBytes;
import io.lightstream.kafka.mapping.MappingOptions;
import io.lightstream.kafka.mapping.RowReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The benchmark's rows, an orders table {@code (id int64, customer utf8, amount float64, ts
 * timestamp[ms, UTC])}, as an Arrow stream file for the source connector, and as the exact record
 * values the connector produces from it, serialised ahead of time for the producer-alone baseline.
 */
final class OrdersData {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("customer", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("amount", FieldType.nullable(new ArrowType.FloatingPoint(
                    org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)), null),
            new Field("ts", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")), null)));

    private OrdersData() {}

    /** Writes {@code rows} rows in batches of {@code batchRows} to an Arrow stream file. */
    static void write(Path file, int rows, int batchRows, BufferAllocator allocator) throws IOException {
        try (LightstreamWriter writer = Lightstream.write(file.toString(), SCHEMA, WriteOptions.DEFAULT);
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int start = 0; start < rows; start += batchRows) {
                int n = Math.min(batchRows, rows - start);
                root.allocateNew();
                for (int i = 0; i < n; i++) {
                    long id = start + i;
                    ((BigIntVector) root.getVector("id")).setSafe(i, id);
                    ((VarCharVector) root.getVector("customer")).setSafe(i,
                            ("customer-" + (id % 9973)).getBytes(StandardCharsets.UTF_8));
                    ((Float8Vector) root.getVector("amount")).setSafe(i, (id % 100_000) / 100.0);
                    ((TimeStampMilliTZVector) root.getVector("ts")).setSafe(i, 1_700_000_000_000L + id);
                }
                root.setRowCount(n);
                writer.write(root);
            }
        }
    }

    /** The row Structs the source connector makes of the file in row mode. */
    static List<Struct> structs(Path file, BufferAllocator allocator) throws IOException {
        ConnectSchemaMapper mapper = new ConnectSchemaMapper(MappingOptions.DEFAULT);
        List<Struct> out = new ArrayList<>();
        try (LightstreamReader reader = Lightstream.read(file.toString(), ReadOptions.builder().allocator(allocator).build())) {
            org.apache.kafka.connect.data.Schema row = null;
            for (Batch b = reader.readBatch(); b != null; b = reader.readBatch()) {
                try (Batch batch = b) {
                    if (row == null) {
                        row = mapper.toConnect(batch.schema(), "io.lightstream.kafka.Row");
                    }
                    RowReader rows = new RowReader(row, batch.root(), batch.dictionaries());
                    for (int i = 0; i < batch.rowCount(); i++) {
                        out.add(rows.read(i));
                    }
                }
            }
        }
        return out;
    }

    /** A JsonConverter for values, with {@code schemas.enable} as given. */
    static JsonConverter json(boolean schemas) {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", Boolean.toString(schemas)), false);
        return json;
    }

    /**
     * The record values the source connector makes of the file in row mode, serialised by a
     * JsonConverter with {@code schemas.enable} as given: one value per row.
     */
    static List<byte[]> jsonValues(List<Struct> structs, boolean schemas) {
        JsonConverter json = json(schemas);
        List<byte[]> out = new ArrayList<>(structs.size());
        for (Struct s : structs) {
            out.add(json.fromConnectData("t", s.schema(), s));
        }
        return out;
    }

    /** The record values the source connector makes of the file in batch mode: one IPC stream per batch. */
    static List<byte[]> ipcValues(Path file, BufferAllocator allocator) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (LightstreamReader reader = Lightstream.read(file.toString(), ReadOptions.builder().allocator(allocator).build())) {
            for (Batch b = reader.readBatch(); b != null; b = reader.readBatch()) {
                try (Batch batch = b) {
                    out.add(IpcBytes.encode(batch.root(), batch.dictionaries(), allocator));
                }
            }
        }
        return out;
    }
}
