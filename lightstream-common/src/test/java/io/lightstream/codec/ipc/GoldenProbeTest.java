package io.lightstream.codec.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.codec.Alignment;
import io.lightstream.codec.ByteArraySink;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class GoldenProbeTest {
    @Test
    void probe() throws Exception {
        byte[] expected = getClass().getResourceAsStream("/golden/arrow-int64-64aligned.arrows").readAllBytes();
        try (RootAllocator a = new RootAllocator()) {
            Schema s = new Schema(List.of(new Field("a", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
            try (VectorSchemaRoot root = VectorSchemaRoot.create(s, a)) {
                BigIntVector v = (BigIntVector) root.getVector(0);
                v.allocateNew(3);
                v.set(0, 1); v.set(1, 2); v.set(2, 3);
                root.setRowCount(3);
                ByteArraySink sink = new ByteArraySink();
                try (IpcStreamWriter w = new IpcStreamWriter(sink, s, new IpcMessageEncoder(Alignment.A64, null, a), false, a)) {
                    w.write(root, null, Map.of());
                    w.end(null);
                }
                byte[] got = sink.toByteArray();
                System.out.println(HexFormat.of().formatHex(got));
                System.out.println(HexFormat.of().formatHex(expected));
                assertThat(got).isEqualTo(expected);
            }
        }
    }
}
