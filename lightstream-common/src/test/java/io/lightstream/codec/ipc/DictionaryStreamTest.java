package io.lightstream.codec.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ProtocolException;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.Alignment;
import io.lightstream.codec.ByteArraySink;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.io.SinkWriter;
import io.lightstream.io.StreamDecoders;
import io.lightstream.codec.StreamDecoder;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dictionary batches: the reference writer's padded frames, replacements and deltas in every form. */
class DictionaryStreamTest {
    private static final ArrowType.Int U8 = new ArrowType.Int(8, false);
    private static final Schema SCHEMA = new Schema(List.of(new Field("col",
            new FieldType(true, U8, new DictionaryEncoding(42, false, U8)), null)));

    @TempDir Path dir;
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /** Wire spec 10.6: a 31-byte unpadded dictionary body followed by 33 zero bytes, as the reference writes it. */
    @Test
    void decodesTheReferenceWritersPaddedDictionaryFrame() throws Exception {
        MessageBuilder mb = new MessageBuilder();
        Schema wire = new Schema(List.of(new Field("col",
                new FieldType(false, ArrowType.Utf8.INSTANCE, new DictionaryEncoding(0, false, U8)), List.of())));
        ByteArraySink out = new ByteArraySink();
        try (EncodedMessage s = new IpcMessageEncoder(Alignment.A64, null, allocator).schema(wire, 0)) {
            s.writeTo(out);
        }
        byte[] dictBody = new byte[31];
        ByteBuffer db = ByteBuffer.wrap(dictBody).order(ByteOrder.LITTLE_ENDIAN);
        db.putInt(0).putInt(5).putInt(11).putInt(15).put("applebananapear".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer fb = mb.buildDictionaryBatch(0, false, 3, List.of(new MessageBuilder.NodeSpec(3, 0)),
                List.of(new MessageBuilder.BufferSpec(0, 0), new MessageBuilder.BufferSpec(0, 16),
                        new MessageBuilder.BufferSpec(16, 15)), null, (byte) -1, 31);
        int frameStart = out.size();
        writeFrame(out, fb, 64);
        out.write(ByteBuffer.wrap(dictBody));
        int pad = (64 - (out.size() - frameStart) % 64) % 64;
        out.writeZeros(pad);
        assertThat(out.size() - frameStart).as("reference dictionary frame").isEqualTo(256);
        try (VectorSchemaRoot idx = VectorSchemaRoot.create(new Schema(List.of(new Field("col",
                new FieldType(false, U8, new DictionaryEncoding(0, false, U8)), null))), allocator)) {
            UInt1Vector v = (UInt1Vector) idx.getVector(0);
            v.allocateNew(4);
            v.set(0, 2);
            v.set(1, 0);
            v.set(2, 1);
            v.set(3, 2);
            idx.setRowCount(4);
            try (EncodedMessage m = new IpcMessageEncoder(Alignment.A64, null, allocator).recordBatch(idx, Map.of(),
                    out.size())) {
                m.writeTo(out);
            }
        }
        out.write(ByteBuffer.wrap(IpcStreamWriter.EOS));
        byte[] bytes = out.toByteArray();

        try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, DecodeLimits.DEFAULT)) {
            d.feed(ByteBuffer.wrap(bytes));
            d.finish();
            try (Batch b = (Batch) d.poll()) {
                assertThat(decoded(b)).containsExactly("pear", "apple", "banana", "pear");
            }
        }
        try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
            assertThat(r.loadNextBatch()).as("Arrow Java stops at the zero padding, as the spec observed").isFalse();
        }
    }

    private static void writeFrame(ByteArraySink out, ByteBuffer flatbuffer, int alignment) {
        int len = flatbuffer.remaining();
        int pad = (alignment - (8 + len) % alignment) % alignment;
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(-1).putInt(len + pad).flip();
        out.write(head);
        out.write(flatbuffer);
        out.writeZeros(pad);
    }

    private static List<String> decoded(Batch b) {
        List<String> out = new ArrayList<>();
        FieldVector idx = b.root().getVector(0);
        Dictionary d = b.dictionaries().lookup(idx.getField().getDictionary().getId());
        for (int i = 0; i < idx.getValueCount(); i++) {
            if (idx.isNull(i)) {
                out.add(null);
            } else {
                int k = (int) ((org.apache.arrow.vector.BaseIntVector) idx).getValueAsLong(i);
                out.add(d.getVector().getObject(k).toString());
            }
        }
        return out;
    }

    /** Writes three batches: dictionary [a,b], then extended to [a,b,c] (delta), then replaced by [x,y]. */
    private void writeEvolving(LightstreamWriter w) throws Exception {
        try (VarCharVector values = new VarCharVector("values", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            DictionaryProvider.MapDictionaryProvider p = new DictionaryProvider.MapDictionaryProvider();
            p.put(new Dictionary(values, SCHEMA.getFields().get(0).getDictionary()));
            String[][] dicts = {{"a", "b"}, {"a", "b", "c"}, {"x", "y"}};
            int[][] rows = {{0, 1, 1}, {2, 0}, {1, 0, 1, 1}};
            for (int k = 0; k < 3; k++) {
                values.reset();
                values.allocateNew();
                for (int i = 0; i < dicts[k].length; i++) {
                    values.setSafe(i, dicts[k][i].getBytes(StandardCharsets.UTF_8));
                }
                values.setValueCount(dicts[k].length);
                UInt1Vector idx = (UInt1Vector) root.getVector(0);
                idx.allocateNew(rows[k].length);
                for (int i = 0; i < rows[k].length; i++) {
                    idx.set(i, rows[k][i]);
                }
                root.setRowCount(rows[k].length);
                w.write(root, p, Map.of());
            }
        }
    }

    @Test
    void replacementAndDeltaDictionariesRoundTripInStreamsAndFrames() throws Exception {
        for (Protocol protocol : Protocol.values()) {
            ByteArraySink sink = new ByteArraySink();
            try (SinkWriter w = SinkWriter.open(sink, protocol, SCHEMA, WriteOptions.DEFAULT, null, null)) {
                writeEvolving(w);
            }
            List<List<String>> got = new ArrayList<>();
            try (StreamDecoder d = StreamDecoders.create(protocol, ReadOptions.DEFAULT, allocator)) {
                d.feed(ByteBuffer.wrap(sink.toByteArray()));
                d.finish();
                List<Batch> batches = new ArrayList<>();
                for (Item i = d.poll(); i != null; i = d.poll()) {
                    batches.add((Batch) i);
                }
                // earlier batches keep the dictionary they were decoded with after later ones replace it
                for (Batch b : batches) {
                    try (b) {
                        got.add(decoded(b));
                    }
                }
            }
            assertThat(got).as(protocol.name()).containsExactly(List.of("a", "b", "b"), List.of("c", "a"),
                    List.of("y", "x", "y", "y"));
        }
    }

    @Test
    void arrowJavaReadsOurDeltaAndReplacementDictionaries() throws Exception {
        ByteArraySink sink = new ByteArraySink();
        try (SinkWriter w = SinkWriter.open(sink, Protocol.ARROW, SCHEMA, WriteOptions.DEFAULT, null, null)) {
            writeEvolving(w);
        }
        List<List<String>> got = new ArrayList<>();
        try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(sink.toByteArray()), allocator)) {
            while (r.loadNextBatch()) {
                FieldVector idx = r.getVectorSchemaRoot().getVector(0);
                Dictionary d = r.getDictionaryVectors().get(idx.getField().getDictionary().getId());
                List<String> row = new ArrayList<>();
                for (int i = 0; i < idx.getValueCount(); i++) {
                    row.add(d.getVector().getObject((int) ((UInt1Vector) idx).getValueAsLong(i)).toString());
                }
                got.add(row);
            }
        }
        assertThat(got).containsExactly(List.of("a", "b", "b"), List.of("c", "a"), List.of("y", "x", "y", "y"));
    }

    @Test
    void filesTakeDeltasButRefuseReplacements() throws Exception {
        String path = dir.resolve("d.arrow").toString();
        LightstreamWriter w = Lightstream.write(path, SCHEMA, WriteOptions.DEFAULT);
        assertThatThrownBy(() -> writeEvolving(w)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("allows only deltas");
        w.close();
        try (LightstreamReader r = Lightstream.read(path, ReadOptions.builder().allocator(allocator).build())) {
            List<List<String>> got = new ArrayList<>();
            for (Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                try (Batch batch = b) {
                    got.add(decoded(batch));
                }
            }
            assertThat(got).containsExactly(List.of("a", "b", "b"), List.of("c", "a"));
        }
    }

    @Test
    void dictionaryIdsAreRenumberedToColumnPositionsUnlessPreserved() throws Exception {
        for (String ids : List.of("column", "preserve")) {
            ByteArraySink sink = new ByteArraySink();
            try (SinkWriter w = SinkWriter.open(sink, Protocol.ARROW, SCHEMA,
                    WriteOptions.builder().property("dictionary.ids", ids).build(), null, null)) {
                writeEvolving(w);
            }
            try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, DecodeLimits.DEFAULT)) {
                d.feed(ByteBuffer.wrap(sink.toByteArray()));
                assertThat(d.schema().getFields().get(0).getDictionary().getId()).isEqualTo(ids.equals("column") ? 0 : 42);
            }
        }
    }

    @Test
    void missingDictionaryIsAClearError() throws Exception {
        ByteArraySink sink = new ByteArraySink();
        SinkWriter w = SinkWriter.open(sink, Protocol.ARROW, SCHEMA, WriteOptions.DEFAULT, null, null);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            root.setRowCount(0);
            assertThatThrownBy(() -> w.write(root)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("column 'col' is dictionary-encoded (id 42)");
        }
        assertThatThrownBy(w::close).as("an empty stream's schema still needs the value types")
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void emptyStreamWithDictionariesFromTheOptions() throws Exception {
        try (VarCharVector values = new VarCharVector("values", allocator)) {
            values.allocateNew();
            values.setValueCount(0);
            DictionaryProvider.MapDictionaryProvider p = new DictionaryProvider.MapDictionaryProvider();
            p.put(new Dictionary(values, SCHEMA.getFields().get(0).getDictionary()));
            ByteArraySink sink = new ByteArraySink();
            SinkWriter.open(sink, Protocol.ARROW, SCHEMA, WriteOptions.builder().dictionaries(p).build(), null, null)
                    .close();
            try (IpcStreamDecoder d = new IpcStreamDecoder(allocator, DecodeLimits.DEFAULT)) {
                d.feed(ByteBuffer.wrap(sink.toByteArray()));
                d.finish();
                assertThat(d.schema().getFields().get(0).getDictionary()).isNotNull();
                assertThat(d.poll()).isNull();
            }
        }
    }
}
