package io.lightstream.codec.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ByteArraySink;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.io.SinkWriter;
import io.lightstream.testkit.BatchAssertions;
import io.lightstream.testkit.TypeFixtures;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Tests for {@link IpcMemoryReader}: zero-copy decoding of a stream already in Arrow memory. */
class IpcMemoryReaderTest {
    @Test
    void decodesInPlaceEveryType() throws Exception {
        try (BufferAllocator a = new RootAllocator()) {
            Schema schema = TypeFixtures.schema(true);
            ByteArraySink sink = new ByteArraySink();
            try (TypeFixtures fx = new TypeFixtures(a); VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
                fx.fill(root, 33);
                try (SinkWriter w = SinkWriter.open(sink, Protocol.ARROW, schema, WriteOptions.DEFAULT, null, null)) {
                    w.write(root, fx.dictionaries(), Map.of());
                    w.write(root, fx.dictionaries(), Map.of());
                }
                byte[] bytes = sink.toByteArray();
                Batch kept;
                try (ArrowBuf buf = a.buffer(bytes.length)) {
                    buf.setBytes(0, bytes);
                    long held = a.getAllocatedMemory();
                    try (IpcMemoryReader r = new IpcMemoryReader(buf, 0, bytes.length, a, DecodeLimits.DEFAULT, false)) {
                        assertThat(r.schema().getFields()).hasSameSizeAs(schema.getFields());
                        try (Batch first = r.next()) {
                            BatchAssertions.assertSameData(schema, root, fx.dictionaries(), first.root(), first.dictionaries());
                            assertThat(a.getAllocatedMemory() - held).as("vectors point into the buffer")
                                    .isLessThan(bytes.length / 4);
                        }
                        kept = r.next();
                        assertThat(r.next()).isNull();
                    }
                }
                try (kept) {
                    BatchAssertions.assertSameData(schema, root, fx.dictionaries(), kept.root(), kept.dictionaries());
                }
                try (ArrowBuf truncated = a.buffer(bytes.length - 8)) {
                    truncated.setBytes(0, bytes, 0, bytes.length - 8);
                    try (IpcMemoryReader r = new IpcMemoryReader(truncated, 0, bytes.length - 8, a, DecodeLimits.DEFAULT, false)) {
                        r.next().close();
                        r.next().close();
                        assertThatThrownBy(r::next).isInstanceOf(FormatException.class)
                                .hasMessageContaining("before the Arrow end-of-stream marker");
                    }
                }
            }
        }
    }
}
