package io.lightstream.format.parquet;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compression for Parquet without Hadoop.
 *
 * <p>parquet-java's own {@code CodecFactory} goes through Hadoop's {@code CompressionCodec}
 * classes, which would put the Hadoop client on every user's classpath. This factory implements
 * the same codec contract with the libraries already at hand: zstd-jni for ZSTD, snappy-java (native,
 * falling back to aircompressor's pure Java) for SNAPPY, aircompressor for LZ4_RAW, and {@code java.util.zip} for GZIP. Other codecs (LZO,
 * BROTLI, the deprecated Hadoop-framed LZ4) are refused with a message naming the codec.
 *
 * <p>Each compressor and decompressor keeps a growing scratch array, so a factory serves one
 * reader or writer thread.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    private final int zstdLevel;

    /** @param zstdLevel ZSTD level (0 for the library default of 3) */
    ParquetCodecs(int zstdLevel) {
        this.zstdLevel = zstdLevel == 0 ? 3 : zstdLevel;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Stored();
            case ZSTD -> new ZstdCodec(zstdLevel);
            case SNAPPY -> NativeSnappy.AVAILABLE ? new NativeSnappy()
                    : new BlockCodec(codec, new SnappyCompressor(), new SnappyDecompressor());
            case LZ4_RAW -> new BlockCodec(codec, new Lz4Compressor(), new Lz4Decompressor());
            case GZIP -> new GzipCodec();
            default -> throw new UnsupportedOperationException("Parquet codec " + codec + " is not supported "
                    + "(supported: uncompressed, snappy, zstd, gzip, lz4_raw)");
        };
    }

    /**
     * Snappy through snappy-java's native library (several times faster than the pure-Java codec;
     * it ships inside the jar for the common platforms). Where the native library cannot load, the
     * factory falls back to aircompressor's pure-Java Snappy.
     */
    private static final class NativeSnappy extends ArrayCodec {
        static final boolean AVAILABLE = probe();

        NativeSnappy() {
            super(CompressionCodecName.SNAPPY);
        }

        private static boolean probe() {
            try {
                byte[] in = {1, 2, 3, 4};
                byte[] out = new byte[org.xerial.snappy.Snappy.maxCompressedLength(in.length)];
                int n = org.xerial.snappy.Snappy.compress(in, 0, in.length, out, 0);
                byte[] back = new byte[4];
                return org.xerial.snappy.Snappy.uncompress(out, 0, n, back, 0) == 4 && java.util.Arrays.equals(in, back);
            } catch (Throwable e) {
                // UnsatisfiedLinkError, SnappyError, IOException: no native library on this platform.
                return false;
            }
        }

        @Override
        int compress(byte[] in, int length) throws IOException {
            byte[] dst = scratch(org.xerial.snappy.Snappy.maxCompressedLength(length));
            return org.xerial.snappy.Snappy.compress(in, 0, length, dst, 0);
        }

        @Override
        void decompress(byte[] in, int length, byte[] result) throws IOException {
            int expected;
            try {
                expected = org.xerial.snappy.Snappy.uncompressedLength(in, 0, length);
            } catch (IOException e) {
                throw new IOException("corrupt SNAPPY page: " + e.getMessage(), e);
            }
            if (expected != result.length) {
                throw new IOException("SNAPPY page decompresses to " + expected + " bytes, header says " + result.length);
            }
            try {
                org.xerial.snappy.Snappy.uncompress(in, 0, length, result, 0);
            } catch (IOException e) {
                throw new IOException("corrupt SNAPPY page: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec, int level) {
        if (codec == CompressionCodecName.ZSTD) {
            return new ZstdCodec(level);
        }
        return getCompressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return (BytesInputDecompressor) getCompressor(codec);
    }

    @Override
    public void release() {}

    /** Shared plumbing: whole-page codecs over byte arrays. */
    private abstract static class ArrayCodec implements BytesInputCompressor, BytesInputDecompressor {
        private final CompressionCodecName name;
        byte[] out = new byte[0];

        ArrayCodec(CompressionCodecName name) {
            this.name = name;
        }

        byte[] scratch(int size) {
            if (out.length < size) {
                out = new byte[Math.max(size, out.length + (out.length >> 1))];
            }
            return out;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return name;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] in = bytes.toByteArray();
            int n = compress(in, in.length);
            // The page writer holds on to the result until the column chunk is flushed: copy it out.
            return BytesInput.from(java.util.Arrays.copyOf(out, n));
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            byte[] in = bytes.toByteArray();
            byte[] result = new byte[decompressedSize];
            decompress(in, in.length, result);
            return BytesInput.from(result);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            byte[] result = new byte[decompressedSize];
            decompress(in, compressedSize, result);
            output.put(result);
        }

        /** Compresses {@code in[0, length)} into {@link #out}; returns the compressed size. */
        abstract int compress(byte[] in, int length) throws IOException;

        /** Decompresses {@code in[0, length)} into all of {@code result}, failing if the size differs. */
        abstract void decompress(byte[] in, int length, byte[] result) throws IOException;

        @Override
        public void release() {}
    }

    private static final class Stored extends ArrayCodec {
        Stored() {
            super(CompressionCodecName.UNCOMPRESSED);
        }

        @Override
        public BytesInput compress(BytesInput bytes) {
            return bytes;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) {
            return bytes;
        }

        @Override
        int compress(byte[] in, int length) {
            throw new IllegalStateException();
        }

        @Override
        void decompress(byte[] in, int length, byte[] result) throws IOException {
            if (length != result.length) {
                throw new IOException("uncompressed page of " + length + " bytes, header says " + result.length);
            }
            System.arraycopy(in, 0, result, 0, length);
        }
    }

    private static final class ZstdCodec extends ArrayCodec {
        private final int level;

        ZstdCodec(int level) {
            super(CompressionCodecName.ZSTD);
            this.level = level;
        }

        @Override
        int compress(byte[] in, int length) throws IOException {
            byte[] dst = scratch((int) Zstd.compressBound(length));
            long n = Zstd.compressByteArray(dst, 0, dst.length, in, 0, length, level);
            if (Zstd.isError(n)) {
                throw new IOException("zstd compression failed: " + Zstd.getErrorName(n));
            }
            return (int) n;
        }

        @Override
        void decompress(byte[] in, int length, byte[] result) throws IOException {
            long n = Zstd.decompressByteArray(result, 0, result.length, in, 0, length);
            if (Zstd.isError(n)) {
                throw new IOException("corrupt zstd page: " + Zstd.getErrorName(n));
            }
            if (n != result.length) {
                throw new IOException("zstd page decompressed to " + n + " bytes, header says " + result.length);
            }
        }
    }

    /** Snappy and LZ4 raw blocks (aircompressor, pure Java). */
    private static final class BlockCodec extends ArrayCodec {
        private final Compressor compressor;
        private final Decompressor decompressor;

        BlockCodec(CompressionCodecName name, Compressor compressor, Decompressor decompressor) {
            super(name);
            this.compressor = compressor;
            this.decompressor = decompressor;
        }

        @Override
        int compress(byte[] in, int length) {
            byte[] dst = scratch(compressor.maxCompressedLength(length));
            return compressor.compress(in, 0, length, dst, 0, dst.length);
        }

        @Override
        void decompress(byte[] in, int length, byte[] result) throws IOException {
            int n;
            try {
                n = decompressor.decompress(in, 0, length, result, 0, result.length);
            } catch (MalformedInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new IOException("corrupt " + getCodecName() + " page: " + e.getMessage(), e);
            }
            if (n != result.length) {
                throw new IOException(getCodecName() + " page decompressed to " + n + " bytes, header says "
                        + result.length);
            }
        }
    }

    private static final class GzipCodec extends ArrayCodec {
        GzipCodec() {
            super(CompressionCodecName.GZIP);
        }

        @Override
        int compress(byte[] in, int length) throws IOException {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(Math.max(64, length / 2));
            try (GZIPOutputStream gz = new GZIPOutputStream(bos, 64 * 1024)) {
                gz.write(in, 0, length);
            }
            byte[] bytes = bos.toByteArray();
            System.arraycopy(bytes, 0, scratch(bytes.length), 0, bytes.length);
            return bytes.length;
        }

        @Override
        void decompress(byte[] in, int length, byte[] result) throws IOException {
            try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(in, 0, length))) {
                int off = 0;
                while (off < result.length) {
                    int n = gz.read(result, off, result.length - off);
                    if (n < 0) {
                        throw new IOException("gzip page ended after " + off + " bytes, header says " + result.length);
                    }
                    off += n;
                }
                if (gz.read() >= 0) {
                    throw new IOException("gzip page longer than the " + result.length + " bytes its header says");
                }
            } catch (java.util.zip.ZipException e) {
                throw new IOException("corrupt gzip page: " + e.getMessage(), e);
            }
        }
    }
}
