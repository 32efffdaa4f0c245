package io.lightstream.format;

import io.lightstream.Format;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.format.csv.CsvFormat;
import io.lightstream.format.dataset.ChunkedDataset;
import io.lightstream.format.dataset.ChunkedDatasetReader;
import io.lightstream.format.dataset.ChunkedDatasetWriter;
import io.lightstream.format.json.JsonFormat;
import io.lightstream.format.parquet.ParquetFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Opens Parquet, CSV and JSON files, and chunked directories of them, for {@link
 * io.lightstream.io.FileFormats}.
 *
 * <p>A path that is a directory is read as a {@link ChunkedDataset} (option {@code base} names the
 * chunk base when several are present). With {@link WriteOptions#rowsPerFile()} above zero the
 * path names a directory that receives {@code <base>-0<ext>}, {@code <base>-1<ext>}, ... where the
 * base is the path's file name without its extension unless the {@code base} option says
 * otherwise. Stateless.
 */
public final class FormatFiles {
    private FormatFiles() {}

    /** Extensions of each format handled here, the first being the one written. */
    private static List<String> extensions(Format format) {
        return switch (format) {
            case PARQUET -> List.of(".parquet", ".pq");
            case CSV -> List.of(".csv");
            case JSON -> List.of(".json");
            case NDJSON -> List.of(".jsonl", ".ndjson");
            default -> throw new IllegalArgumentException(format + " is not a Parquet, CSV or JSON format");
        };
    }

    public static LightstreamReader openReader(Format format, Path path, ReadOptions options) throws IOException {
        if (Files.isDirectory(path)) {
            ChunkedDataset dataset = ChunkedDataset.scan(path, extensions(format), options.properties().get("base"));
            return new ChunkedDatasetReader(dataset, (chunk, o) -> openFile(format, chunk, o), options);
        }
        return openFile(format, path, options);
    }

    public static LightstreamWriter openWriter(Format format, Path path, Schema schema, WriteOptions options)
            throws IOException {
        if (schema == null) {
            throw new IllegalArgumentException("writing " + format.id() + " needs a schema");
        }
        if (options.rowsPerFile() > 0) {
            String extension = extensions(format).get(0);
            String name = path.getFileName().toString();
            String base = options.properties().get("base");
            if (base == null) {
                int dot = name.lastIndexOf('.');
                base = dot > 0 ? name.substring(0, dot) : name;
                String lower = name.toLowerCase(Locale.ROOT);
                for (String ext : extensions(format)) {
                    if (lower.endsWith(ext)) {
                        extension = name.substring(name.length() - ext.length());
                    }
                }
            }
            return new ChunkedDatasetWriter(path, base, extension, schema, options,
                    (chunk, s, o) -> createFile(format, chunk, s, o));
        }
        return createFile(format, path, schema, options);
    }

    private static LightstreamReader openFile(Format format, Path path, ReadOptions options) throws IOException {
        return switch (format) {
            case PARQUET -> ParquetFormat.openReader(path, options);
            case CSV -> CsvFormat.openReader(path, options);
            case JSON, NDJSON -> JsonFormat.openReader(path, options);
            default -> throw new IllegalArgumentException(format + " is not a Parquet, CSV or JSON format");
        };
    }

    private static LightstreamWriter createFile(Format format, Path path, Schema schema, WriteOptions options)
            throws IOException {
        return switch (format) {
            case PARQUET -> ParquetFormat.openWriter(path, schema, options);
            case CSV -> CsvFormat.openWriter(path, schema, options);
            case JSON -> JsonFormat.openWriter(path, schema, true, options);
            case NDJSON -> JsonFormat.openWriter(path, schema, false, options);
            default -> throw new IllegalArgumentException(format + " is not a Parquet, CSV or JSON format");
        };
    }
}
