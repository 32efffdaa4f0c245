package io.lightstream.codec;

/**
 * The wire alignment of Arrow IPC frames: the single home of the padding rules.
 *
 * <p>The reference Lightstream library pads every IPC frame to 64 bytes and its readers
 * <em>require</em> that padding: after a message body they skip to the next 64-byte boundary
 * counted from the frame start. A frame written to {@link #A64} satisfies both those readers and
 * standard Arrow readers, which need only 8. {@link #A8} is the standard minimum, for peers that
 * want the smallest stream (the reference library's Python writers use it).
 *
 * <pre>
 * frame = [FF FF FF FF][metadata_size u32 LE][flatbuffer][pad]  [body buffers, each padded]
 *          |&lt;-------------- multiple of alignment ------------&gt;|&lt;-- multiple of alignment --&gt;|
 * </pre>
 *
 * <p>Thread-safe (immutable).
 */
public enum Alignment {
    /** 8-byte alignment: the Arrow format minimum. */
    A8(8),
    /** 64-byte alignment: what the reference Lightstream library writes and requires. */
    A64(64);

    private final int bytes;

    Alignment(int bytes) {
        this.bytes = bytes;
    }

    /** The alignment in bytes (8 or 64). */
    public int bytes() {
        return bytes;
    }

    /** Zero bytes needed after {@code position} to reach the next boundary. */
    public int padding(long position) {
        return (int) (-position & (bytes - 1));
    }

    /** {@code length} rounded up to the next multiple of the alignment. */
    public long align(long length) {
        return (length + bytes - 1) & -(long) bytes;
    }

    /** Whether {@code position} sits on a boundary. */
    public boolean isAligned(long position) {
        return (position & (bytes - 1)) == 0;
    }

    /** Alignment from its size in bytes; 8 and 64 are the only accepted values. */
    public static Alignment ofBytes(int bytes) {
        for (Alignment a : values()) {
            if (a.bytes == bytes) {
                return a;
            }
        }
        throw new IllegalArgumentException("alignment must be 8 or 64 bytes, got " + bytes);
    }
}
