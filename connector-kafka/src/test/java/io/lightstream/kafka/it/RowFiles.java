package io.lightstream.kafka.it;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows the integration tests send and check: {@code (id int64 not null, name utf8)} with ids
 * from a start value, written as Arrow stream files, and read back from the file series a sink
 * writes. Rows are compared as a map from id to name, with a count of duplicates (delivery is at
 * least once).
 */
final class RowFiles {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    private RowFiles() {}

    static String nameOf(long id) {
        return "row-" + id;
    }

    /** Writes rows {@code first .. first+rows-1} in batches of {@code batchRows}. */
    static Path write(Path file, long first, int rows, int batchRows, BufferAllocator allocator) throws IOException {
        try (LightstreamWriter writer = Lightstream.write(file.toString(), SCHEMA, WriteOptions.DEFAULT)) {
            write(writer, null, first, rows, batchRows, allocator);
        }
        return file;
    }

    /**
     * Writes rows {@code first .. first+rows-1} in batches of {@code batchRows} to an open writer, as
     * table {@code table} (Lightstream protocol) or, when it is null, as the Arrow stream's batches.
     */
    static void write(LightstreamWriter writer, String table, long first, int rows, int batchRows,
            BufferAllocator allocator) throws IOException {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int start = 0; start < rows; start += batchRows) {
                int n = Math.min(batchRows, rows - start);
                root.allocateNew();
                BigIntVector ids = (BigIntVector) root.getVector("id");
                VarCharVector names = (VarCharVector) root.getVector("name");
                for (int i = 0; i < n; i++) {
                    long id = first + start + i;
                    ids.setSafe(i, id);
                    names.setSafe(i, nameOf(id).getBytes(StandardCharsets.UTF_8));
                }
                root.setRowCount(n);
                if (table == null) {
                    writer.write(root);
                } else {
                    writer.write(table, root, null);
                }
            }
        }
    }

    /** Adds the rows of {@code batch} to {@code byId}; returns how many repeated an id already there. */
    static long collect(Batch batch, Map<Long, String> byId) {
        BigIntVector ids = (BigIntVector) batch.root().getVector("id");
        VarCharVector names = (VarCharVector) batch.root().getVector("name");
        long duplicates = 0;
        for (int i = 0; i < batch.rowCount(); i++) {
            String name = names.isNull(i) ? null : new String(names.get(i), StandardCharsets.UTF_8);
            if (byId.put(ids.get(i), name) != null) {
                duplicates++;
            }
        }
        return duplicates;
    }

    /** What was read: rows by id and how many rows repeated an id already seen. */
    record Rows(Map<Long, String> byId, long duplicates) {
        /** Ids {@code first .. first+count-1} are all present with their names, and nothing else. */
        boolean complete(long first, int count) {
            if (byId.size() != count) {
                return false;
            }
            for (long id = first; id < first + count; id++) {
                if (!nameOf(id).equals(byId.get(id))) {
                    return false;
                }
            }
            return true;
        }

        /** The rows whose ids lie in {@code first .. first+count-1}. */
        Rows range(long first, int count) {
            Map<Long, String> in = new HashMap<>();
            byId.forEach((id, name) -> {
                if (id >= first && id < first + count) {
                    in.put(id, name);
                }
            });
            return new Rows(in, 0);
        }

        /** Sum over distinct rows of a hash of (id, name): equal sums mean equal row sets here. */
        long checksum() {
            long sum = 0;
            for (Map.Entry<Long, String> e : byId.entrySet()) {
                sum += e.getKey() * 1_000_003L + (e.getValue() == null ? 0 : e.getValue().hashCode());
            }
            return sum;
        }
    }

    static long expectedChecksum(long first, int count) {
        long sum = 0;
        for (long id = first; id < first + count; id++) {
            sum += id * 1_000_003L + nameOf(id).hashCode();
        }
        return sum;
    }

    /**
     * Reads every file of the series {@code stem-*} in {@code dir}. A file still being written ends
     * inside a frame or before its end marker; its complete batches count.
     */
    static Rows read(Path dir, String stem, BufferAllocator allocator) throws IOException {
        Map<Long, String> byId = new HashMap<>();
        long duplicates = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(stem + "-")).sorted().toList();
        }
        for (Path f : files) {
            try (LightstreamReader reader = Lightstream.read(f.toString(),
                    ReadOptions.builder().allocator(allocator).build())) {
                for (Batch b = reader.readBatch(); b != null; b = reader.readBatch()) {
                    try (Batch batch = b) {
                        duplicates += collect(batch, byId);
                    }
                }
            } catch (LightstreamException e) {
                // a stream still being written: what was complete has been counted
            }
        }
        return new Rows(byId, duplicates);
    }
}
