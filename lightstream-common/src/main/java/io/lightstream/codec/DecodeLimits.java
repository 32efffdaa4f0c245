package io.lightstream.codec;

import io.lightstream.LimitExceededException;

/**
 * Upper bounds checked while decoding, before anything of the checked size is allocated.
 *
 * <p>Defaults are sized for a JVM heap and a shared direct-memory budget: large enough for 1M-row
 * batches of a 100-column table, small enough that a hostile length field cannot make a reader
 * allocate gigabytes. A value equal to a cap passes; one above fails with {@link
 * LimitExceededException}. Immutable and thread-safe; derive variants with the {@code with*}
 * methods.
 */
public final class DecodeLimits {
    /** Defaults: frame 1 GiB, metadata 16 MiB, body 1 GiB, 65,536 fields and buffers, depth 64. */
    public static final DecodeLimits DEFAULT = new DecodeLimits(
            1L << 30, 16L << 20, 1L << 30, 65_536, 65_536, 64, 256_000_000L, 256_000_000L, 4L << 30);

    private final long maxFrameBytes;
    private final long maxMetadataBytes;
    private final long maxBodyBytes;
    private final int maxFields;
    private final int maxBuffers;
    private final int maxNestingDepth;
    private final long maxRowsPerBatch;
    private final long maxDictionaryEntries;
    private final long maxDecompressedBytes;

    private DecodeLimits(long maxFrameBytes, long maxMetadataBytes, long maxBodyBytes, int maxFields,
            int maxBuffers, int maxNestingDepth, long maxRowsPerBatch, long maxDictionaryEntries,
            long maxDecompressedBytes) {
        this.maxFrameBytes = positive(maxFrameBytes, "maxFrameBytes");
        this.maxMetadataBytes = positive(maxMetadataBytes, "maxMetadataBytes");
        this.maxBodyBytes = positive(maxBodyBytes, "maxBodyBytes");
        this.maxFields = (int) positive(maxFields, "maxFields");
        this.maxBuffers = (int) positive(maxBuffers, "maxBuffers");
        this.maxNestingDepth = (int) positive(maxNestingDepth, "maxNestingDepth");
        this.maxRowsPerBatch = positive(maxRowsPerBatch, "maxRowsPerBatch");
        this.maxDictionaryEntries = positive(maxDictionaryEntries, "maxDictionaryEntries");
        this.maxDecompressedBytes = positive(maxDecompressedBytes, "maxDecompressedBytes");
    }

    private static long positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
        return v;
    }

    /** Largest TLV frame payload (Lightstream protocol). */
    public long maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Largest IPC message metadata (flatbuffer plus padding). */
    public long maxMetadataBytes() {
        return maxMetadataBytes;
    }

    /** Largest IPC message body. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Most fields in a schema (counting nested children) and field nodes in a batch. */
    public int maxFields() {
        return maxFields;
    }

    /** Most buffer descriptors in a record batch. */
    public int maxBuffers() {
        return maxBuffers;
    }

    /** Deepest nesting of child fields in a schema. */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** Most rows in one record batch (and values in one field node). */
    public long maxRowsPerBatch() {
        return maxRowsPerBatch;
    }

    /** Most entries in one dictionary batch, and in one dictionary after deltas. */
    public long maxDictionaryEntries() {
        return maxDictionaryEntries;
    }

    /** Most bytes one compressed buffer, and one message in total, may decompress to. */
    public long maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    public DecodeLimits withMaxFrameBytes(long v) {
        return new DecodeLimits(v, maxMetadataBytes, maxBodyBytes, maxFields, maxBuffers, maxNestingDepth,
                maxRowsPerBatch, maxDictionaryEntries, maxDecompressedBytes);
    }

    public DecodeLimits withMaxMetadataBytes(long v) {
        return new DecodeLimits(maxFrameBytes, v, maxBodyBytes, maxFields, maxBuffers, maxNestingDepth,
                maxRowsPerBatch, maxDictionaryEntries, maxDecompressedBytes);
    }

    public DecodeLimits withMaxBodyBytes(long v) {
        return new DecodeLimits(maxFrameBytes, maxMetadataBytes, v, maxFields, maxBuffers, maxNestingDepth,
                maxRowsPerBatch, maxDictionaryEntries, maxDecompressedBytes);
    }

    public DecodeLimits withMaxFields(int v) {
        return new DecodeLimits(maxFrameBytes, maxMetadataBytes, maxBodyBytes, v, maxBuffers, maxNestingDepth,
                maxRowsPerBatch, maxDictionaryEntries, maxDecompressedBytes);
    }

    public DecodeLimits withMaxBuffers(int v) {
        return new DecodeLimits(maxFrameBytes, maxMetadataBytes, maxBodyBytes, maxFields, v, maxNestingDepth,
                maxRowsPerBatch, maxDictionaryEntries, maxDecompressedBytes);
    }

    public DecodeLimits withMaxNestingDepth(int v) {
        return new DecodeLimits(maxFrameBytes, maxMetadataBytes, maxBodyBytes, maxFields, maxBuffers, v,
                maxRowsPerBatch, maxDictionaryEntries, maxDecompressedBytes);
    }

    public DecodeLimits withMaxRowsPerBatch(long v) {
        return new DecodeLimits(maxFrameBytes, maxMetadataBytes, maxBodyBytes, maxFields, maxBuffers,
                maxNestingDepth, v, maxDictionaryEntries, maxDecompressedBytes);
    }

    public DecodeLimits withMaxDictionaryEntries(long v) {
        return new DecodeLimits(maxFrameBytes, maxMetadataBytes, maxBodyBytes, maxFields, maxBuffers,
                maxNestingDepth, maxRowsPerBatch, v, maxDecompressedBytes);
    }

    public DecodeLimits withMaxDecompressedBytes(long v) {
        return new DecodeLimits(maxFrameBytes, maxMetadataBytes, maxBodyBytes, maxFields, maxBuffers,
                maxNestingDepth, maxRowsPerBatch, maxDictionaryEntries, v);
    }

    /** Throws {@link LimitExceededException} when {@code requested > cap}. */
    public static void check(String what, long requested, long cap, long offset) throws LimitExceededException {
        if (requested > cap) {
            throw new LimitExceededException(what, requested, cap, offset);
        }
    }

    @Override
    public String toString() {
        return "DecodeLimits{frame=" + maxFrameBytes + ", metadata=" + maxMetadataBytes + ", body=" + maxBodyBytes
                + ", fields=" + maxFields + ", buffers=" + maxBuffers + ", depth=" + maxNestingDepth + ", rows="
                + maxRowsPerBatch + ", dictionaryEntries=" + maxDictionaryEntries + ", decompressed="
                + maxDecompressedBytes + "}";
    }
}
