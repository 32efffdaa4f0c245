package io.lightstream;

import java.util.Locale;

/**
 * Body compression codecs. Arrow IPC (files and streams) supports {@link #ZSTD} and {@link
 * #LZ4_FRAME}; Parquet supports all but {@link #LZ4_FRAME}.
 */
public enum Compression {
    NONE,
    /** Zstandard; the only codec the reference Lightstream library reads. */
    ZSTD,
    /** LZ4 frame format (Arrow IPC). */
    LZ4_FRAME,
    /** Snappy (Parquet only). */
    SNAPPY,
    /** Gzip (Parquet only). */
    GZIP,
    /** Raw LZ4 blocks (Parquet only). */
    LZ4_RAW;

    /** Parses a codec name: none, zstd, lz4 (LZ4 frame for IPC), lz4_frame, snappy, gzip, lz4_raw. */
    public static Compression parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "none", "uncompressed", "":
                return NONE;
            case "zstd":
                return ZSTD;
            case "lz4", "lz4_frame":
                return LZ4_FRAME;
            case "snappy":
                return SNAPPY;
            case "gzip":
                return GZIP;
            case "lz4_raw":
                return LZ4_RAW;
            default:
                throw new IllegalArgumentException("unknown compression '" + name
                        + "' (expected none, zstd, lz4, snappy, gzip or lz4_raw)");
        }
    }
}
