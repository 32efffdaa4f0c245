package io.lightstream.flink.it;

import io.lightstream.flink.testutils.ArrowTestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

/** Input rows and files of known content, and the count and checksum that every output must reproduce (test utility). */
final class Dataset {
    static final RowType ROW_TYPE = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
            DataTypes.FIELD("name", DataTypes.STRING()),
            DataTypes.FIELD("ts", DataTypes.TIMESTAMP_LTZ(6))).getLogicalType();

    final List<Path> files = new ArrayList<>();
    final long rows;

    /** Writes {@code files} Arrow stream files of {@code rowsPerFile} rows each (ids are unique across files). */
    Dataset(Path dir, int fileCount, int rowsPerFile, int batchRows) throws IOException {
        this(dir, fileCount, rowsPerFile, batchRows, ".arrows");
    }

    /** As above, in the format of {@code extension} (".arrow" for Arrow IPC files). */
    Dataset(Path dir, int fileCount, int rowsPerFile, int batchRows, String extension) throws IOException {
        long id = 0;
        for (int f = 0; f < fileCount; f++) {
            List<RowData> rows = rows(id, rowsPerFile);
            id += rowsPerFile;
            Path file = dir.resolve("in-" + f + extension);
            ArrowTestFiles.write(file, ROW_TYPE, rows, batchRows);
            files.add(file);
        }
        this.rows = id;
    }

    /** Rows {@code first} to {@code first + count - 1}, as the files hold them. */
    static List<RowData> rows(long first, int count) {
        List<RowData> rows = new ArrayList<>(count);
        for (long id = first; id < first + count; id++) {
            rows.add(GenericRowData.of(id, id % 7 == 0 ? null : StringData.fromString("row-" + id),
                    TimestampData.fromEpochMillis(id * 10 - 5_000, (int) (id % 1000) * 1000)));
        }
        return rows;
    }

    List<String> uris() {
        return files.stream().map(Path::toString).collect(Collectors.toList());
    }

    /** Order-independent checksum of rows: sum of a per-row hash. */
    static long checksum(List<RowData> rows) {
        long sum = 0;
        for (RowData r : rows) {
            sum += hash(r);
        }
        return sum;
    }

    static long hash(RowData r) {
        long h = r.getLong(0) * 0x9E3779B97F4A7C15L;
        h ^= r.isNullAt(1) ? 17 : r.getString(1).toString().hashCode();
        h = h * 31 + (r.isNullAt(2) ? 0 : r.getTimestamp(2, 6).toInstant().hashCode());
        return h;
    }

    long expectedChecksum() throws IOException {
        return checksum(ArrowTestFiles.read(files, ROW_TYPE));
    }

    /** Output files in {@code dir} whose name starts with {@code prefix}. */
    static List<Path> outputs(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().collect(Collectors.toList());
        }
    }
}
