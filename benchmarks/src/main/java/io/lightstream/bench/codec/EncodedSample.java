package io.lightstream.bench.codec;

import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ByteArraySink;
import io.lightstream.io.SinkWriter;
import io.lightstream.sample.SampleShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One batch of a sample shape encoded as a 64-aligned Arrow IPC stream, split into the stream's
 * prefix (schema and dictionaries) and the record batch frame, so that benchmarks can replay the
 * frame to measure readers in their steady state.
 */
final class EncodedSample {
    final byte[] stream;
    final byte[] prefix;
    final byte[] batchFrame;

    private EncodedSample(byte[] stream, int prefixLength, int frameLength) {
        this.stream = stream;
        this.prefix = java.util.Arrays.copyOf(stream, prefixLength);
        this.batchFrame = java.util.Arrays.copyOfRange(stream, prefixLength, prefixLength + frameLength);
    }

    static EncodedSample of(SampleShape shape, int rows, BufferAllocator allocator) throws IOException {
        ByteArraySink sink = new ByteArraySink(1 << 20);
        try (SampleShape.Dictionaries dictionaries = shape.dictionaries(allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(shape.schema(), allocator);
                SinkWriter w = SinkWriter.open(sink, Protocol.ARROW, shape.schema(), WriteOptions.DEFAULT, allocator, null)) {
            shape.fill(root, 0, rows);
            w.write(root, dictionaries, Map.of());
        }
        byte[] bytes = sink.toByteArray();
        int pos = 0;
        while (true) {
            ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int metaSize = bb.getInt(pos + 4);
            ByteBuffer meta = ByteBuffer.wrap(bytes, pos + 8, metaSize).slice().order(ByteOrder.LITTLE_ENDIAN);
            Message m = Message.getRootAsMessage(meta);
            int frame = (int) (8 + metaSize + m.bodyLength());
            if (m.headerType() == MessageHeader.RecordBatch) {
                return new EncodedSample(bytes, pos, frame);
            }
            pos += frame;
        }
    }
}
