package io.lightstream.codec;

import com.github.luben.zstd.Zstd;
import io.lightstream.Compression;
import io.lightstream.FormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Compresses and decompresses single Arrow IPC body buffers with ZSTD or LZ4_FRAME, the two codecs
 * the Arrow IPC format defines ({@code CompressionType} 1 and 0).
 *
 * <p>The compressed form of a buffer is {@code [uncompressed length i64 LE][codec frame]}, or
 * {@code [-1 i64][raw bytes]} when compression would not make it smaller. Empty buffers stay empty.
 *
 * <p>Thread-safe (stateless apart from the codec and level).
 */
public final class BodyCodec {
    /** Arrow's {@code CompressionType.LZ4_FRAME}. */
    public static final byte LZ4_FRAME_ID = 0;
    /** Arrow's {@code CompressionType.ZSTD}. */
    public static final byte ZSTD_ID = 1;
    /** The prefix value marking a buffer stored uncompressed. */
    public static final long STORED_UNCOMPRESSED = -1L;

    private final Compression compression;
    private final int level;

    private BodyCodec(Compression compression, int level) {
        this.compression = compression;
        this.level = level;
    }

    /**
     * The codec for an IPC writer.
     *
     * @param level codec level; 0 selects zstd level 1 (as the reference library writes)
     * @throws IllegalArgumentException for codecs the Arrow IPC format does not define (Snappy, gzip)
     */
    public static BodyCodec forWriting(Compression compression, int level) {
        if (compression != Compression.ZSTD && compression != Compression.LZ4_FRAME) {
            throw new IllegalArgumentException(compression + " is not an Arrow IPC body compression"
                    + " (use zstd or lz4; snappy and gzip exist only in Parquet)");
        }
        return new BodyCodec(compression, level == 0 && compression == Compression.ZSTD ? 1 : level);
    }

    /** The codec named by a record batch's {@code BodyCompression.codec}. */
    public static BodyCodec forReading(byte codecId, long offset) throws FormatException {
        return switch (codecId) {
            case ZSTD_ID -> new BodyCodec(Compression.ZSTD, 0);
            case LZ4_FRAME_ID -> new BodyCodec(Compression.LZ4_FRAME, 0);
            default -> throw new FormatException("unsupported IPC compression codec " + codecId, offset);
        };
    }

    public Compression compression() {
        return compression;
    }

    /** The {@code CompressionType} value written in the batch metadata. */
    public byte codecId() {
        return compression == Compression.ZSTD ? ZSTD_ID : LZ4_FRAME_ID;
    }

    /**
     * Compresses {@code length} bytes of {@code src} from {@code index} into a new buffer holding the
     * 8-byte prefix and the frame, or returns null when the result would not be smaller (the caller
     * then writes the {@link #STORED_UNCOMPRESSED} prefix and the raw bytes).
     */
    public ArrowBuf compress(ArrowBuf src, long index, long length, BufferAllocator allocator) throws IOException {
        if (compression == Compression.ZSTD) {
            long bound = Zstd.compressBound(length);
            ArrowBuf out = allocator.buffer(8 + bound);
            boolean ok = false;
            try {
                ByteBuffer dst = out.nioBuffer(8, (int) bound);
                ByteBuffer in = src.nioBuffer(index, (int) length);
                long n = Zstd.compressDirectByteBuffer(dst, 0, (int) bound, in, 0, (int) length, level);
                if (Zstd.isError(n)) {
                    throw new IOException("zstd compression failed: " + Zstd.getErrorName(n));
                }
                if (n >= length) {
                    return null;
                }
                out.setLong(0, length);
                out.writerIndex(8 + n);
                ok = true;
                return out;
            } finally {
                if (!ok) {
                    out.close();
                }
            }
        }
        byte[] raw = new byte[(int) length];
        src.getBytes(index, raw);
        ByteArrayOutputStream bos = new ByteArrayOutputStream((int) Math.min(length, 1 << 20) + 64);
        try (LZ4FrameOutputStream lz = new LZ4FrameOutputStream(bos, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB,
                length, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
            lz.write(raw);
        }
        if (bos.size() >= length) {
            return null;
        }
        ArrowBuf out = allocator.buffer(8 + bos.size());
        out.setLong(0, length);
        out.setBytes(8, bos.toByteArray());
        out.writerIndex(8 + bos.size());
        return out;
    }

    /**
     * Decompresses one buffer of a compressed body.
     *
     * @param src the compressed buffer (prefix included); not released
     * @param budget remaining decompressed-bytes budget of the message; the result must fit in it
     * @param maxPerBuffer cap for one buffer
     * @return a new buffer owned by the caller, or a retained slice of {@code src} for the
     *     stored-uncompressed marker
     */
    public ArrowBuf decompress(ArrowBuf src, AlignedBufferPool pool, long maxPerBuffer, long budget, long offset)
            throws FormatException {
        long length = src.capacity();
        if (length == 0) {
            src.getReferenceManager().retain();
            return src;
        }
        if (length < 8) {
            throw new FormatException("compressed buffer of " + length + " bytes is shorter than its 8-byte length prefix",
                    offset);
        }
        long uncompressed = src.getLong(0);
        if (uncompressed == STORED_UNCOMPRESSED) {
            ArrowBuf raw = src.slice(8, length - 8);
            raw.getReferenceManager().retain();
            return raw;
        }
        if (uncompressed < 0) {
            throw new FormatException("negative uncompressed buffer length " + uncompressed, offset);
        }
        DecodeLimits.check("IPC decompressed buffer bytes", uncompressed, maxPerBuffer, offset);
        DecodeLimits.check("IPC decompressed message bytes", uncompressed, budget, offset);
        if (uncompressed > Integer.MAX_VALUE) {
            throw new FormatException("compressed buffer expands to " + uncompressed + " bytes, above 2 GiB", offset);
        }
        ArrowBuf out = pool.allocate(uncompressed);
        boolean ok = false;
        try {
            if (compression == Compression.ZSTD) {
                long n = Zstd.decompressDirectByteBuffer(out.nioBuffer(0, (int) uncompressed), 0, (int) uncompressed,
                        src.nioBuffer(8, (int) (length - 8)), 0, (int) (length - 8));
                if (Zstd.isError(n)) {
                    throw new FormatException("corrupt zstd buffer: " + Zstd.getErrorName(n), offset);
                }
                if (n != uncompressed) {
                    throw new FormatException("zstd buffer decompressed to " + n + " bytes, its prefix says "
                            + uncompressed, offset);
                }
            } else {
                lz4Decompress(src, length, out, uncompressed, offset);
            }
            out.writerIndex(uncompressed);
            ok = true;
            return out;
        } finally {
            if (!ok) {
                out.close();
            }
        }
    }

    private static void lz4Decompress(ArrowBuf src, long length, ArrowBuf out, long uncompressed, long offset)
            throws FormatException {
        byte[] in = new byte[(int) (length - 8)];
        src.getBytes(8, in);
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try (InputStream lz = new LZ4FrameInputStream(new ByteArrayInputStream(in))) {
            int n;
            while ((n = lz.read(chunk)) > 0) {
                if (written + n > uncompressed) {
                    throw new FormatException("lz4 buffer decompresses to more than its prefix says (" + uncompressed
                            + " bytes)", offset);
                }
                out.setBytes(written, chunk, 0, n);
                written += n;
            }
        } catch (FormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FormatException("corrupt lz4 frame buffer: " + e.getMessage(), offset, e);
        }
        if (written != uncompressed) {
            throw new FormatException("lz4 buffer decompressed to " + written + " bytes, its prefix says " + uncompressed,
                    offset);
        }
    }
}
