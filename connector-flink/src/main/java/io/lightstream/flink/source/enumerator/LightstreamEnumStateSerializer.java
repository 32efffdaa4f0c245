package io.lightstream.flink.source.enumerator;

import io.lightstream.flink.source.split.LightstreamSplit;
import io.lightstream.flink.source.split.LightstreamSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Serializes {@link LightstreamEnumState}. Version 1: split count, then each split in the split serializer's layout. */
public final class LightstreamEnumStateSerializer implements SimpleVersionedSerializer<LightstreamEnumState> {
    public static final LightstreamEnumStateSerializer INSTANCE = new LightstreamEnumStateSerializer();

    private static final int VERSION = 1;
    private static final int MAX_SPLITS = 1 << 20;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(LightstreamEnumState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.unassigned().size());
            for (LightstreamSplit split : state.unassigned()) {
                LightstreamSplitSerializer.write(split, out);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public LightstreamEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown Lightstream enumerator state version " + version + " (this build reads "
                    + VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int count = in.readInt();
            if (count < 0 || count > MAX_SPLITS) {
                throw new IOException("corrupt enumerator state: " + count + " splits");
            }
            List<LightstreamSplit> splits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                splits.add(LightstreamSplitSerializer.read(in));
            }
            if (in.available() > 0) {
                throw new IOException("corrupt enumerator state: " + in.available() + " trailing bytes");
            }
            return new LightstreamEnumState(splits);
        }
    }
}
