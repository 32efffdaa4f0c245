package io.lightstream.flink.source.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Serializes {@link LightstreamSplit}s for checkpoints and for assignment. Version 1: URI (modified
 * UTF-8), index (int), batch sequence (long), row offset (int). Later versions must keep reading
 * version 1.
 */
public final class LightstreamSplitSerializer implements SimpleVersionedSerializer<LightstreamSplit> {
    public static final LightstreamSplitSerializer INSTANCE = new LightstreamSplitSerializer();

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(LightstreamSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    /** Writes one split in the version-1 layout (also used inside the enumerator state). */
    public static void write(LightstreamSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.uri());
        out.writeInt(split.index());
        out.writeLong(split.batchSequence());
        out.writeInt(split.rowOffset());
    }

    /** Reads one split in the version-1 layout. */
    public static LightstreamSplit read(DataInputStream in) throws IOException {
        String uri = in.readUTF();
        int index = in.readInt();
        long sequence = in.readLong();
        int row = in.readInt();
        try {
            return new LightstreamSplit(uri, index, sequence, row);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt split state for " + uri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LightstreamSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown Lightstream split serializer version " + version + " (this build reads "
                    + VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            LightstreamSplit split = read(in);
            if (in.available() > 0) {
                throw new IOException("corrupt split state: " + in.available() + " trailing bytes");
            }
            return split;
        }
    }
}
