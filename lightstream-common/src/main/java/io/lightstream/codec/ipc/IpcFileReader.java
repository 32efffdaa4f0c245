package io.lightstream.codec.ipc;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.MappedRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Random-access reader of an Arrow IPC file: opening reads only the footer (its cost grows with
 * the number of batches, not rows); {@link #readBatch(int)} reads batch {@code i}.
 *
 * <p>Two ways to get the bytes: positional reads into aligned Arrow memory (one copy), or memory
 * mapping, where vectors point into the page cache (no copy). Every block position and size in the
 * footer is checked against the file before it is read.
 *
 * <p>Dictionaries (including deltas, applied in file order) are read once, before the first batch.
 * Not thread-safe; batches are owned by the caller. Owns the channel.
 */
public final class IpcFileReader implements AutoCloseable {
    private static final int TRAILER = 4 + IpcFileWriter.MAGIC.length;

    private final FileChannel channel;
    private final String path;
    private final long size;
    private final boolean mmap;
    private final DecodeLimits limits;
    private final BufferAllocator allocator;
    private final AlignedBufferPool pool;
    private final StreamState state;
    private final Schema schema;
    private final long[][] dictionaryBlocks;
    private final long[][] batchBlocks;
    private boolean dictionariesLoaded;

    /**
     * Opens {@code channel} (owned from now on) and reads its footer.
     *
     * @param path name for error messages
     * @param mmap map blocks instead of reading them
     */
    public IpcFileReader(FileChannel channel, String path, boolean mmap, BufferAllocator allocator,
            DecodeLimits limits, boolean validateFull) throws IOException {
        this.channel = channel;
        this.path = path;
        this.mmap = mmap;
        this.limits = limits;
        this.allocator = allocator;
        this.pool = new AlignedBufferPool(allocator, 2);
        this.state = new StreamState(allocator, pool, limits, validateFull, false, null);
        boolean ok = false;
        try {
            this.size = channel.size();
            if (size < 8 + TRAILER + 4) {
                throw error("file of " + size + " bytes is too short to be an Arrow IPC file", 0);
            }
            byte[] head = new byte[6];
            readFully(ByteBuffer.wrap(head), 0);
            if (!Arrays.equals(head, IpcFileWriter.MAGIC)) {
                throw error("not an Arrow IPC file: wrong magic at the start (expected ARROW1)", 0);
            }
            ByteBuffer tail = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
            readFully(tail, size - TRAILER);
            byte[] magic = new byte[6];
            tail.position(4);
            tail.get(magic);
            if (!Arrays.equals(magic, IpcFileWriter.MAGIC)) {
                throw error("not an Arrow IPC file or truncated: wrong magic at the end (expected ARROW1)", size - 6);
            }
            int footerLength = tail.getInt(0);
            long footerStart = size - TRAILER - footerLength;
            if (footerLength <= 0 || footerStart < 8) {
                throw error("footer length " + footerLength + " does not fit in the " + size + "-byte file",
                        size - TRAILER);
            }
            DecodeLimits.check("IPC file footer bytes", footerLength, limits.maxMetadataBytes(), footerStart);
            ByteBuffer footerBytes = ByteBuffer.allocate(footerLength).order(ByteOrder.LITTLE_ENDIAN);
            readFully(footerBytes, footerStart);
            footerBytes.flip();
            Footer footer = MessageParser.footer(footerBytes, footerStart);
            org.apache.arrow.flatbuf.Schema fbSchema;
            try {
                fbSchema = footer.schema();
            } catch (RuntimeException e) {
                throw MessageParser.malformed("IPC file footer", footerStart, e);
            }
            if (fbSchema == null) {
                throw error("IPC file footer has no schema", footerStart);
            }
            Schema messageSchema = MessageParser.schema(fbSchema, footerLength, limits, footerStart);
            state.setSchema(messageSchema, footerStart);
            this.schema = state.schema();
            this.dictionaryBlocks = blocks(footer, true, footerLength, footerStart);
            this.batchBlocks = blocks(footer, false, footerLength, footerStart);
            ok = true;
        } finally {
            if (!ok) {
                state.close();
                pool.close();
                channel.close();
            }
        }
    }

    private long[][] blocks(Footer footer, boolean dictionaries, int footerLength, long footerStart)
            throws FormatException {
        try {
            int n = dictionaries ? footer.dictionariesLength() : footer.recordBatchesLength();
            if (n < 0 || (long) n * 24 > footerLength) {
                throw error("footer claims " + n + " blocks, more than its " + footerLength + " bytes hold", footerStart);
            }
            long[][] out = new long[n][];
            Block b = new Block();
            for (int i = 0; i < n; i++) {
                if (dictionaries) {
                    footer.dictionaries(b, i);
                } else {
                    footer.recordBatches(b, i);
                }
                long offset = b.offset();
                long meta = b.metaDataLength();
                long body = b.bodyLength();
                if (offset < 8 || meta < 8 || body < 0 || offset > size || meta > size - offset
                        || body > size - offset - meta) {
                    throw error((dictionaries ? "dictionary" : "record batch") + " block " + i + " {offset " + offset
                            + ", metadata " + meta + ", body " + body + "} lies outside the " + size + "-byte file",
                            footerStart);
                }
                DecodeLimits.check("IPC metadata bytes", meta, limits.maxMetadataBytes(), offset);
                DecodeLimits.check("IPC body bytes", body, limits.maxBodyBytes(), offset);
                out[i] = new long[] {offset, meta, body};
            }
            return out;
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MessageParser.malformed("IPC file footer", footerStart, e);
        }
    }

    /** The file's schema (Arrow memory format). */
    public Schema schema() {
        return schema;
    }

    /** Number of record batches. */
    public int batchCount() {
        return batchBlocks.length;
    }

    /**
     * Byte offset in the file of record batch {@code index}'s block (where its message starts), as
     * the footer records it: lets callers cut a file into byte ranges at batch boundaries.
     */
    public long batchOffset(int index) {
        return batchBlocks[index][0];
    }

    /** Bytes of record batch {@code index}'s block: its metadata and body. */
    public long batchLength(int index) {
        return batchBlocks[index][1] + batchBlocks[index][2];
    }

    /** Total bytes of the file. */
    public long size() {
        return size;
    }

    /** Reads record batch {@code index} (0-based). The caller owns the batch. */
    public Batch readBatch(int index) throws IOException {
        if (index < 0 || index >= batchBlocks.length) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + batchBlocks.length);
        }
        if (!dictionariesLoaded) {
            for (long[] block : dictionaryBlocks) {
                RawMessage m = readBlock(block, MessageHeader.DictionaryBatch);
                state.accept(m);
            }
            dictionariesLoaded = true;
        }
        RawMessage m = readBlock(batchBlocks[index], MessageHeader.RecordBatch);
        state.setNextSequence(index);
        return state.accept(m);
    }

    private RawMessage readBlock(long[] block, byte expectedType) throws IOException {
        long offset = block[0];
        long length = block[1] + block[2];
        ArrowBuf buf;
        if (mmap) {
            buf = MappedRegion.map(channel, offset, length, allocator);
        } else {
            buf = pool.allocate(length);
            try {
                readFully(buf.nioBuffer(0, (int) length), offset);
            } catch (IOException | RuntimeException e) {
                buf.close();
                throw e;
            }
        }
        try {
            if (buf.getInt(0) != 0xFFFFFFFF) {
                throw error("bad continuation marker in the block at " + offset, offset);
            }
            BufferMessageReader r = new BufferMessageReader(buf, 0, length, limits, offset);
            RawMessage m = r.next();
            if (m == null || m.headerType() != expectedType) {
                if (m != null) {
                    m.close();
                }
                throw error("block at " + offset + " does not hold a "
                        + (expectedType == MessageHeader.RecordBatch ? "record batch" : "dictionary batch"), offset);
            }
            return m;
        } finally {
            buf.close();
        }
    }

    private void readFully(ByteBuffer dst, long position) throws IOException {
        long p = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, p);
            if (n < 0) {
                throw error("unexpected end of file at " + p, p);
            }
            p += n;
        }
    }

    private FormatException error(String message, long offset) {
        return new FormatException(path + ": " + message, offset);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            state.close();
            pool.close();
        }
    }
}
