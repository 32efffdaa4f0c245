package io.lightstream;

import java.util.Locale;
import java.util.Optional;

/**
 * Data formats a {@link Lightstream} reader or writer speaks. Chosen from the file extension unless
 * an explicit format is given in the options.
 */
public enum Format {
    /** Arrow IPC file format (magic, footer, random access): {@code .arrow}, {@code .ipc}, {@code .feather}. */
    ARROW_FILE("arrow", ".arrow", ".ipc", ".feather"),
    /** Arrow IPC stream format: {@code .arrows}; the default on pipes and network transports. */
    ARROW_STREAM("arrows", ".arrows"),
    /** Lightstream protocol TLV frames (tables and messages multiplexed): {@code .tlv}, {@code .lightstream}. */
    LIGHTSTREAM("lightstream", ".tlv", ".lightstream"),
    /** Apache Parquet: {@code .parquet}, {@code .pq}. */
    PARQUET("parquet", ".parquet", ".pq"),
    /** Comma (or other delimiter) separated values: {@code .csv}. */
    CSV("csv", ".csv"),
    /** A JSON array of objects: {@code .json}. */
    JSON("json", ".json"),
    /** Newline-delimited JSON objects: {@code .jsonl}, {@code .ndjson}. */
    NDJSON("ndjson", ".jsonl", ".ndjson");

    private final String id;
    private final String[] extensions;

    Format(String id, String... extensions) {
        this.id = id;
        this.extensions = extensions;
    }

    /** The name used in options and on the command line, e.g. {@code "arrow"}, {@code "parquet"}. */
    public String id() {
        return id;
    }

    /** The primary file extension, with the dot. */
    public String extension() {
        return extensions[0];
    }

    /** The format a file name implies by its extension, if any. */
    public static Optional<Format> fromFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (Format f : values()) {
            for (String ext : f.extensions) {
                if (lower.endsWith(ext)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a format name as given in options or on the command line. Accepts the {@link #id()},
     * the enum name and common aliases ({@code ipc}, {@code file}, {@code stream}, {@code tlv},
     * {@code jsonl}).
     */
    public static Format parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (n) {
            case "arrow", "ipc", "file", "feather", "arrow_file":
                return ARROW_FILE;
            case "arrows", "stream", "arrow_stream", "ipc_stream":
                return ARROW_STREAM;
            case "lightstream", "tlv":
                return LIGHTSTREAM;
            case "parquet", "pq":
                return PARQUET;
            case "csv":
                return CSV;
            case "json":
                return JSON;
            case "ndjson", "jsonl":
                return NDJSON;
            default:
                throw new IllegalArgumentException("unknown format '" + name
                        + "' (expected one of arrow, arrows, lightstream, parquet, csv, json, ndjson)");
        }
    }
}
