package io.lightstream.flink.testutils;

import io.lightstream.Batch;
import io.lightstream.Format;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.RowTypeBinding;
import io.lightstream.flink.arrow.vectors.ArrowBatchView;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/** Writes and reads Lightstream files of Flink rows through the public lightstream-common API (test utility). */
public final class ArrowTestFiles {
    private ArrowTestFiles() {}

    /** Writes {@code rows} to {@code file} (format by extension) in batches of {@code batchSize} rows. */
    public static void write(Path file, RowType rowType, List<RowData> rows, int batchSize,
            ConnectionSettings settings) throws IOException {
        String uri = file.toString();
        try (BufferAllocator allocator = new RootAllocator();
                RowDataArrowWriter writer = RowDataArrowWriter.create(rowType, allocator);
                LightstreamWriter out = Lightstream.write(uri, writer.root().getSchema(),
                        settings.writeOptions(uri, writer.root().getSchema()))) {
            String table = settings.isLightstreamProtocol(uri) ? settings.effectiveTable() : null;
            writeBatches(out, table, writer, rows, batchSize);
        }
    }

    /**
     * Writes {@code rows} to {@code out} through {@code writer} in batches of {@code batchSize} rows
     * (one empty batch when there are no rows), as {@code table} on the Lightstream protocol (null:
     * Arrow protocol).
     */
    public static void writeBatches(LightstreamWriter out, String table, RowDataArrowWriter writer, List<RowData> rows,
            int batchSize) throws IOException {
        int i = 0;
        do {
            int end = Math.min(rows.size(), i + batchSize);
            for (; i < end; i++) {
                writer.write(rows.get(i));
            }
            writer.finish();
            if (table != null) {
                out.write(table, writer.root(), null);
            } else {
                out.write(writer.root());
            }
            writer.reset();
        } while (i < rows.size());
    }

    /** The rows of {@code batch} as {@code rowType}, copied out of its vectors. */
    public static List<RowData> copyRows(Batch batch, RowType rowType, String source) {
        RowDataSerializer serializer = new RowDataSerializer(rowType);
        ArrowBatchView view = ArrowBatchView.of(batch.root(), batch.dictionaries(),
                RowTypeBinding.bind(rowType, batch.schema(), batch.dictionaries(), source), source);
        List<RowData> rows = new ArrayList<>(view.rowCount());
        for (int r = 0; r < view.rowCount(); r++) {
            rows.add(serializer.copy(view.row(r)));
        }
        return rows;
    }

    public static void write(Path file, RowType rowType, List<RowData> rows, int batchSize) throws IOException {
        write(file, rowType, rows, batchSize, ConnectionSettings.builder().build());
    }

    /** Every row of every file, copied out of the Arrow batches, in file order. */
    public static List<RowData> read(List<Path> files, RowType rowType) throws IOException {
        return read(files, rowType, null);
    }

    /** As {@link #read(List, RowType)}, all files in {@code format} (null: by extension). */
    public static List<RowData> read(List<Path> files, RowType rowType, Format format) throws IOException {
        List<RowData> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (Path file : files) {
                try (LightstreamReader in = Lightstream.read(file.toString(),
                        ReadOptions.builder().allocator(allocator).format(format).build())) {
                    for (Batch next = in.readBatch(); next != null; next = in.readBatch()) {
                        try (Batch batch = next) {
                            rows.addAll(copyRows(batch, rowType, file.toString()));
                        }
                    }
                }
            }
        }
        return rows;
    }
}
