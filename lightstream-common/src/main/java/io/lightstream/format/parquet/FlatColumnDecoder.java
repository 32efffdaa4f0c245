package io.lightstream.format.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes the pages of a top-level, non-repeated column straight into an Arrow vector, bypassing
 * parquet-java's value-at-a-time column reader.
 *
 * <p>It handles the common case and nothing else: INT32, INT64, FLOAT and DOUBLE columns whose Arrow
 * layout is the Parquet little-endian layout (no unit or width conversion), and BYTE_ARRAY columns
 * read into utf8 or binary vectors; values PLAIN or dictionary-encoded ({@code PLAIN_DICTIONARY},
 * {@code RLE_DICTIONARY}); definition levels RLE; DataPage V1 and V2. For required fixed-width
 * PLAIN pages the values are copied into the vector in one block. Whether a column chunk qualifies
 * is decided from its metadata before any page is read ({@link #handles}); everything else goes
 * through {@link LeafCodec}.
 *
 * <p>One instance per column per reader; one thread.
 */
final class FlatColumnDecoder {
    private static final Set<Encoding> SUPPORTED = EnumSet.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY,
            Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED);

    private final ColumnDescriptor column;
    private final PrimitiveTypeName physical;
    private final int maxDef;
    private final int width;
    private PageReader pages;
    private long valuesLeftInChunk;

    // Dictionary of the current chunk, decoded.
    private byte[] dictFixed;
    private byte[] dictBytes;
    private int[] dictOffsets;

    // Current page.
    private int valuesLeftInPage;
    private RunLengthBitPackingHybridDecoder defLevels;
    private ByteBuffer plain;
    private RunLengthBitPackingHybridDecoder ids;

    FlatColumnDecoder(ColumnDescriptor column) {
        this.column = column;
        this.physical = column.getPrimitiveType().getPrimitiveTypeName();
        this.maxDef = column.getMaxDefinitionLevel();
        this.width = switch (physical) {
            case INT32, FLOAT -> 4;
            case INT64, DOUBLE -> 8;
            default -> 0;
        };
    }

    /** Whether this decoder can read a column chunk of {@code leaf} written with these encodings. */
    static boolean handles(ColumnNode leaf, Set<Encoding> encodings) {
        if (!leaf.isFlatLeaf() || leaf.column.getMaxDefinitionLevel() > 1 || !SUPPORTED.containsAll(encodings)
                || !leaf.codec.isIdentity()) {
            return false;
        }
        // Identity codecs of fixed-width physical types read into vectors of that width; BYTE_ARRAY
        // only into the int32-offset variable-width vectors.
        ArrowType t = leaf.field.getType();
        return switch (leaf.column.getPrimitiveType().getPrimitiveTypeName()) {
            case INT32, INT64, FLOAT, DOUBLE -> true;
            case BINARY -> t instanceof ArrowType.Utf8 || t instanceof ArrowType.Binary;
            default -> false;
        };
    }

    void startRowGroup(PageReader pages) throws IOException {
        this.pages = pages;
        this.valuesLeftInChunk = pages.getTotalValueCount();
        this.valuesLeftInPage = 0;
        this.dictFixed = null;
        this.dictBytes = null;
        this.dictOffsets = null;
        DictionaryPage dict = pages.readDictionaryPage();
        if (dict != null) {
            readDictionary(dict);
        }
    }

    private void readDictionary(DictionaryPage dict) throws IOException {
        ByteBuffer b = dict.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int n = dict.getDictionarySize();
        if (width > 0) {
            if (b.remaining() < (long) n * width) {
                throw new IOException("dictionary page of " + b.remaining() + " bytes cannot hold " + n + " values");
            }
            dictFixed = new byte[n * width];
            b.get(dictFixed);
        } else {
            dictOffsets = new int[n + 1];
            dictBytes = new byte[Math.max(0, b.remaining() - 4 * n)];
            int pos = 0;
            for (int i = 0; i < n; i++) {
                int len = b.getInt();
                if (len < 0 || len > b.remaining() || pos + len > dictBytes.length) {
                    throw new IOException("dictionary entry " + i + " has a bad length " + len);
                }
                b.get(dictBytes, pos, len);
                dictOffsets[i] = pos;
                pos += len;
            }
            dictOffsets[n] = pos;
        }
    }

    private void nextPage() throws IOException {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new IOException("column chunk ended with " + valuesLeftInChunk + " values still expected");
        }
        valuesLeftInPage = page.getValueCount();
        Encoding encoding;
        ByteBuffer values;
        if (page instanceof DataPageV1 v1) {
            ByteBuffer all = v1.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (maxDef > 0) {
                if (v1.getDlEncoding() != Encoding.RLE) {
                    throw new IOException("definition levels encoded " + v1.getDlEncoding() + " (only RLE is read)");
                }
                int length = all.getInt();
                if (length < 0 || length > all.remaining()) {
                    throw new IOException("definition levels of " + length + " bytes in a page of " + all.limit());
                }
                ByteBuffer levels = all.slice();
                levels.limit(length);
                defLevels = new RunLengthBitPackingHybridDecoder(BytesUtils.getWidthFromMaxInt(maxDef),
                        ByteBufferInputStream.wrap(levels));
                all.position(all.position() + length);
            } else {
                defLevels = null;
            }
            values = all.slice().order(ByteOrder.LITTLE_ENDIAN);
            encoding = v1.getValueEncoding();
        } else {
            DataPageV2 v2 = (DataPageV2) page;
            defLevels = maxDef > 0 ? new RunLengthBitPackingHybridDecoder(BytesUtils.getWidthFromMaxInt(maxDef),
                    ByteBufferInputStream.wrap(v2.getDefinitionLevels().toByteBuffer())) : null;
            values = v2.getData().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            encoding = v2.getDataEncoding();
        }
        if (encoding == Encoding.PLAIN) {
            plain = values;
            ids = null;
        } else if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
            if (dictFixed == null && dictOffsets == null) {
                throw new IOException("dictionary-encoded page without a dictionary page");
            }
            int bitWidth = values.get() & 0xFF;
            if (bitWidth > 32) {
                throw new IOException("dictionary id width " + bitWidth + " bits");
            }
            ids = new RunLengthBitPackingHybridDecoder(bitWidth, ByteBufferInputStream.wrap(values.slice()));
            plain = null;
        } else {
            throw new IOException("page values encoded " + encoding + " (column chunk metadata did not list it)");
        }
    }

    /** Reads the next {@code rows} rows into slots {@code 0..rows-1} of a freshly allocated {@code v}. */
    void read(FieldVector v, int rows) throws IOException {
        if (valuesLeftInChunk < rows) {
            throw new IOException("column chunk holds " + valuesLeftInChunk + " more values, " + rows + " needed");
        }
        int i = 0;
        while (i < rows) {
            if (valuesLeftInPage == 0) {
                nextPage();
                continue;
            }
            int n = Math.min(rows - i, valuesLeftInPage);
            if (width > 0) {
                readFixed((BaseFixedWidthVector) v, i, n);
            } else {
                readBinary((BaseVariableWidthVector) v, i, n);
            }
            i += n;
            valuesLeftInPage -= n;
            valuesLeftInChunk -= n;
        }
    }

    private boolean present() throws IOException {
        if (defLevels == null) {
            return true;
        }
        int d = defLevels.readInt();
        if (d > maxDef) {
            throw new IOException("definition level " + d + " above the maximum " + maxDef);
        }
        return d == maxDef;
    }

    private void readFixed(BaseFixedWidthVector v, int start, int n) throws IOException {
        ArrowBuf data = v.getDataBuffer();
        ArrowBuf validity = v.getValidityBuffer();
        if (plain != null && defLevels == null) {
            // Required column, PLAIN: the page holds exactly these values, already in Arrow's layout.
            int bytes = n * width;
            if (plain.remaining() < bytes) {
                throw new IOException("page holds " + plain.remaining() + " value bytes, " + bytes + " needed");
            }
            ByteBuffer run = plain.slice();
            run.limit(bytes);
            data.setBytes((long) start * width, run);
            plain.position(plain.position() + bytes);
            setBits(validity, start, n);
            return;
        }
        for (int k = start; k < start + n; k++) {
            if (!present()) {
                continue;
            }
            long at = (long) k * width;
            if (plain != null) {
                if (plain.remaining() < width) {
                    throw new IOException("page ends before value " + k);
                }
                if (width == 4) {
                    data.setInt(at, plain.getInt());
                } else {
                    data.setLong(at, plain.getLong());
                }
            } else {
                int id = ids.readInt();
                if (id < 0 || (long) id * width >= dictFixed.length) {
                    throw new IOException("dictionary id " + id + " outside a dictionary of "
                            + dictFixed.length / width + " values");
                }
                data.setBytes(at, dictFixed, id * width, width);
            }
            LeafCodec.setBit(validity, k);
        }
    }

    private void readBinary(BaseVariableWidthVector v, int start, int n) throws IOException {
        for (int k = start; k < start + n; k++) {
            if (!present()) {
                continue;
            }
            if (plain != null) {
                if (plain.remaining() < 4) {
                    throw new IOException("page ends before value " + k);
                }
                int len = plain.getInt();
                if (len < 0 || len > plain.remaining()) {
                    throw new IOException("value " + k + " has a bad length " + len);
                }
                v.setSafe(k, plain, plain.position(), len);
                plain.position(plain.position() + len);
            } else {
                int id = ids.readInt();
                if (id < 0 || id >= dictOffsets.length - 1) {
                    throw new IOException("dictionary id " + id + " outside a dictionary of "
                            + (dictOffsets.length - 1) + " values");
                }
                v.setSafe(k, dictBytes, dictOffsets[id], dictOffsets[id + 1] - dictOffsets[id]);
            }
        }
    }

    private static void setBits(ArrowBuf validity, int start, int n) {
        int k = start;
        int end = start + n;
        while (k < end && (k & 7) != 0) {
            LeafCodec.setBit(validity, k++);
        }
        while (k + 8 <= end) {
            validity.setByte(k >>> 3, 0xFF);
            k += 8;
        }
        while (k < end) {
            LeafCodec.setBit(validity, k++);
        }
    }

    String path() {
        return String.join(".", column.getPath());
    }
}
