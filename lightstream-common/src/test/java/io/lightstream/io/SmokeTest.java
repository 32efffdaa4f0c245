package io.lightstream.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir Path dir;

    @Test
    void roundTrips() throws Exception {
        for (String ext : List.of("arrow", "arrows", "tlv")) {
            try (RootAllocator a = new RootAllocator()) {
                Schema s = new Schema(List.of(Field.nullable("i", new ArrowType.Int(32, true)), Field.nullable("s", ArrowType.Utf8.INSTANCE)));
                String uri = dir.resolve("x." + ext).toString();
                try (VectorSchemaRoot root = VectorSchemaRoot.create(s, a);
                        LightstreamWriter w = Lightstream.write(uri, s, WriteOptions.DEFAULT)) {
                    for (int b = 0; b < 3; b++) {
                        IntVector iv = (IntVector) root.getVector(0);
                        VarCharVector sv = (VarCharVector) root.getVector(1);
                        root.allocateNew();
                        for (int i = 0; i < 5; i++) {
                            iv.setSafe(i, b * 10 + i);
                            if (i != 2) sv.setSafe(i, ("v" + i).getBytes());
                        }
                        root.setRowCount(5);
                        w.write(root);
                    }
                }
                try (LightstreamReader r = Lightstream.read(uri, ReadOptions.builder().allocator(a).build())) {
                    int n = 0;
                    for (Batch next = r.readBatch(); next != null; next = r.readBatch()) {
                        try (Batch b = next) {
                            assertThat(b.rowCount()).isEqualTo(5);
                            assertThat(((IntVector) b.root().getVector(0)).get(4)).isEqualTo(n * 10 + 4);
                            assertThat(b.root().getVector(1).isNull(2)).isTrue();
                            n++;
                        }
                    }
                    assertThat(n).as(ext).isEqualTo(3);
                }
            }
        }
    }
}
