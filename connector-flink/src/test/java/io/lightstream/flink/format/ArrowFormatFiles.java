package io.lightstream.flink.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/** Writes files with the bulk writer and reads splits with the bulk format, as FileSink and FileSource do (test utility). */
final class ArrowFormatFiles {
    private ArrowFormatFiles() {}

    /** A row read from a split, copied, with the position a checkpoint taken after it would store. */
    record Read(RowData row, CheckpointedPosition after) {}

    static void write(Path file, BulkWriter.Factory<RowData> factory, List<RowData> rows) throws IOException {
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(
                new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<RowData> writer = factory.create(out);
            for (RowData r : rows) {
                writer.addElement(r);
            }
            writer.finish();
        }
    }

    /** The splits the enumerator makes of {@code paths}. */
    static List<FileSourceSplit> splits(long targetBytes, Path... paths) throws IOException {
        org.apache.flink.core.fs.Path[] p = new org.apache.flink.core.fs.Path[paths.length];
        for (int i = 0; i < paths.length; i++) {
            p[i] = new org.apache.flink.core.fs.Path(paths[i].toUri());
        }
        Collection<FileSourceSplit> splits = new ArrowFileEnumerator(targetBytes).enumerateSplits(p, 1);
        List<FileSourceSplit> out = new ArrayList<>(splits);
        out.sort((a, b) -> a.path().equals(b.path()) ? Long.compare(a.offset(), b.offset())
                : a.path().toString().compareTo(b.path().toString()));
        return out;
    }

    /** One split covering a whole file. */
    static FileSourceSplit whole(Path file) {
        long size = file.toFile().length();
        return new FileSourceSplit("whole", new org.apache.flink.core.fs.Path(file.toUri()), 0, size, 0, size);
    }

    /** Every row of a split (restored at the split's position, if it has one), releasing each batch. */
    static List<Read> read(ArrowBulkFormat format, FileSourceSplit split) throws IOException {
        RowDataSerializer serializer = new RowDataSerializer(format.rowType());
        List<Read> rows = new ArrayList<>();
        try (BulkFormat.Reader<RowData> reader = split.getReaderPosition().isPresent()
                ? format.restoreReader(new Configuration(), split) : format.createReader(new Configuration(), split)) {
            for (BulkFormat.RecordIterator<RowData> batch = reader.readBatch(); batch != null;
                    batch = reader.readBatch()) {
                try {
                    for (RecordAndPosition<RowData> r = batch.next(); r != null; r = batch.next()) {
                        rows.add(new Read(serializer.copy(r.getRecord()),
                                new CheckpointedPosition(r.getOffset(), r.getRecordSkipCount())));
                    }
                } finally {
                    batch.releaseBatch();
                }
            }
        }
        return rows;
    }

    static List<RowData> rows(List<Read> reads) {
        List<RowData> out = new ArrayList<>(reads.size());
        reads.forEach(r -> out.add(r.row()));
        return out;
    }

    /** A copy of {@code rows} through the serializer of {@code rowType} (binary rows compare by value). */
    static List<RowData> binary(RowType rowType, List<RowData> rows) {
        RowDataSerializer serializer = new RowDataSerializer(rowType);
        List<RowData> out = new ArrayList<>(rows.size());
        for (RowData r : rows) {
            out.add(serializer.toBinaryRow(r).copy());
        }
        return out;
    }
}
