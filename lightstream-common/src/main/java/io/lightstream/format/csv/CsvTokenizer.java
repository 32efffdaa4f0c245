package io.lightstream.format.csv;

import io.lightstream.FormatException;
import io.lightstream.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits CSV bytes into records and fields without decoding them to strings.
 *
 * <p>Fields are reported as ranges of {@link #buffer()}: unquoted fields in place, quoted fields
 * unescaped in place (a doubled quote becomes one; unescaping only shrinks a field, so it never
 * overwrites bytes not yet scanned). Records end at LF, CRLF or CR; quoted fields may span lines.
 * Blank lines are skipped. A quote inside an unquoted field is taken literally; after a closing
 * quote only a delimiter or a line end may follow. A record larger than the configured maximum is
 * refused rather than buffered without bound.
 *
 * <p>Ranges stay valid until the next call to {@link #next()}. One thread.
 */
final class CsvTokenizer {
    private final InputStream in;
    private final String source;
    private final byte delimiter;
    private final byte quote;
    private final int maxRecordBytes;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long consumed;
    private long records;
    private long line = 1;
    private long recordLine;
    /** The last record ended with a CR at the end of the buffer: an LF right after it is part of that line end. */
    private boolean afterCr;
    private boolean skipBlankLines = true;

    private int count;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] quoted = new boolean[16];

    CsvTokenizer(InputStream in, String source, byte delimiter, byte quote, int maxRecordBytes) {
        this.in = in;
        this.source = source;
        this.delimiter = delimiter;
        this.quote = quote;
        this.maxRecordBytes = maxRecordBytes;
        this.buf = new byte[Math.min(1 << 20, Math.max(1024, maxRecordBytes))];
    }

    byte[] buffer() {
        return buf;
    }

    int fieldCount() {
        return count;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    boolean quoted(int i) {
        return quoted[i];
    }

    /** 1-based number of the current record (header included). */
    long recordNumber() {
        return records;
    }

    /** 1-based line on which the current record starts. */
    long line() {
        return recordLine;
    }

    /** Bytes of input consumed by complete records so far. */
    long bytesConsumed() {
        return consumed;
    }

    /**
     * Whether blank lines are skipped (the default) or read as a record of one empty field. A
     * one-column file needs the latter: there a blank line is a row whose value is empty (null).
     */
    void skipBlankLines(boolean skip) {
        this.skipBlankLines = skip;
    }

    /** Skips a UTF-8 byte order mark at the very start. */
    void skipByteOrderMark() throws IOException {
        while (limit - pos < 3 && fill(pos)) {
            // keep filling
        }
        if (limit - pos >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB
                && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
            consumed += 3;
        }
    }

    /**
     * Reads the next record.
     *
     * @return false at the end of the input
     * @throws FormatException an unterminated quote, or text after a closing quote
     * @throws LimitExceededException a record larger than the maximum
     */
    boolean next() throws IOException {
        // Skip blank lines.
        while (true) {
            if (pos == limit && !fill(pos)) {
                return false;
            }
            byte b = buf[pos];
            if (!skipBlankLines && (b == '\r' || b == '\n') && !(b == '\n' && afterCr)) {
                afterCr = false;
                records++;
                recordLine = line;
                count = 1;
                starts[0] = pos;
                ends[0] = pos;
                quoted[0] = false;
                int end = endLine(pos, pos);
                consumed += end - pos;
                pos = end;
                return true;
            }
            if (b == '\n') {
                pos++;
                consumed++;
                if (!afterCr) {
                    line++;
                }
                afterCr = false;
            } else if (b == '\r') {
                afterCr = false;
                pos++;
                consumed++;
                line++;
                if ((pos < limit || fill(pos)) && buf[pos] == '\n') {
                    pos++;
                    consumed++;
                }
            } else {
                afterCr = false;
                break;
            }
        }
        records++;
        recordLine = line;
        int recordStart = pos;
        count = 0;
        int p = pos;
        while (true) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                quoted = Arrays.copyOf(quoted, count * 2);
            }
            if (p == limit) {
                int shift = refill(recordStart);
                recordStart -= shift;
                p -= shift;
            }
            if (p < limit && buf[p] == quote) {
                // Quoted field: unescape in place.
                p++;
                int w = p;
                int fieldStart = p;
                while (true) {
                    if (p == limit) {
                        int shift = refill(recordStart);
                        recordStart -= shift;
                        p -= shift;
                        w -= shift;
                        fieldStart -= shift;
                        if (p == limit) {
                            throw new FormatException("CSV " + source + ": record " + records + " (line " + recordLine
                                    + ") has a quoted field that never ends", consumed + (p - recordStart));
                        }
                    }
                    byte b = buf[p];
                    if (b == quote) {
                        if (p + 1 == limit) {
                            int shift = refill(recordStart);
                            recordStart -= shift;
                            p -= shift;
                            w -= shift;
                            fieldStart -= shift;
                        }
                        if (p + 1 < limit && buf[p + 1] == quote) {
                            buf[w++] = quote;
                            p += 2;
                            continue;
                        }
                        p++;
                        break;
                    }
                    if (b == '\n') {
                        line++;
                    }
                    buf[w++] = b;
                    p++;
                }
                starts[count] = fieldStart;
                ends[count] = w;
                quoted[count] = true;
                count++;
                if (p == limit) {
                    int shift = refill(recordStart);
                    recordStart -= shift;
                    p -= shift;
                }
                if (p == limit) {
                    break;
                }
                byte b = buf[p];
                if (b == delimiter) {
                    p++;
                    continue;
                }
                if (b == '\n' || b == '\r') {
                    p = endLine(p, recordStart);
                    break;
                }
                throw new FormatException("CSV " + source + ": record " + records + " (line " + recordLine
                        + "), field " + count + ": unexpected '" + (char) (b & 0xFF) + "' after a closing quote",
                        consumed + (p - recordStart));
            }
            // Unquoted field.
            int fieldStart = p;
            while (true) {
                while (p < limit) {
                    byte b = buf[p];
                    if (b == delimiter || b == '\n' || b == '\r') {
                        break;
                    }
                    p++;
                }
                if (p < limit) {
                    break;
                }
                int shift = refill(recordStart);
                recordStart -= shift;
                p -= shift;
                fieldStart -= shift;
                if (p == limit) {
                    break;
                }
            }
            starts[count] = fieldStart;
            ends[count] = p;
            quoted[count] = false;
            count++;
            if (p == limit) {
                break;
            }
            byte b = buf[p];
            if (b == delimiter) {
                p++;
                continue;
            }
            p = endLine(p, recordStart);
            break;
        }
        consumed += p - recordStart;
        pos = p;
        return true;
    }

    /**
     * Consumes a line end at {@code p}; returns the position after it. A CR at the end of the
     * buffer leaves its possible LF to the blank-line skip of the next record ({@link #afterCr}).
     */
    private int endLine(int p, int recordStart) {
        line++;
        if (buf[p] == '\r') {
            p++;
            if (p < limit && buf[p] == '\n') {
                p++;
            } else {
                afterCr = true;
            }
            return p;
        }
        return p + 1;
    }

    /**
     * Makes room and reads more input, keeping the bytes from {@code recordStart} on. Returns how far
     * the kept bytes moved left (field offsets already recorded are adjusted here). At the end of the
     * input nothing is added.
     */
    private int refill(int recordStart) throws IOException {
        if (eof) {
            return 0;
        }
        int shift = 0;
        if (recordStart > 0) {
            System.arraycopy(buf, recordStart, buf, 0, limit - recordStart);
            limit -= recordStart;
            shift = recordStart;
            for (int i = 0; i < count; i++) {
                starts[i] -= shift;
                ends[i] -= shift;
            }
        } else if (limit == buf.length) {
            if (buf.length >= maxRecordBytes) {
                throw new LimitExceededException("CSV " + source + ": record " + records + " (line " + recordLine
                        + ") bytes (option max.record.bytes)", (long) buf.length + 1, maxRecordBytes, consumed);
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxRecordBytes));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
        return shift;
    }

    /** Initial fill, or refill when between records (nothing to keep before {@code keepFrom}). */
    private boolean fill(int keepFrom) throws IOException {
        if (eof) {
            return false;
        }
        if (keepFrom > 0) {
            System.arraycopy(buf, keepFrom, buf, 0, limit - keepFrom);
            limit -= keepFrom;
            pos -= keepFrom;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return pos < limit;
        }
        limit += n;
        return true;
    }
}
