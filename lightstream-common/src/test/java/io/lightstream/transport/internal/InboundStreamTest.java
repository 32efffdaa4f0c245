package io.lightstream.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.Message;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.TransportException;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ByteArraySink;
import io.lightstream.io.SinkWriter;
import io.lightstream.io.StreamDecoders;
import io.lightstream.testkit.BatchAssertions;
import io.lightstream.testkit.TypeFixtures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inbound side of a pipe (tail, decoder, bounded queue) on an {@link EmbeddedChannel}: both
 * protocols decode the same whatever the chunking, the queue stops and resumes reading, and endings
 * in the middle of a frame are errors.
 */
class InboundStreamTest {
    BufferAllocator allocator;
    EventLoops loops;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
        loops = EventLoops.acquire();
    }

    @AfterEach
    void tearDown() {
        loops.release();
        allocator.close();
    }

    private byte[] encode(Protocol protocol, Schema schema, TypeFixtures fixtures) throws Exception {
        ByteArraySink sink = new ByteArraySink();
        WriteOptions.Builder wo = WriteOptions.builder().protocol(protocol);
        if (protocol == Protocol.LIGHTSTREAM) {
            wo.registerMessage("note").registerTable("t", schema);
        }
        try (SinkWriter w = SinkWriter.open(sink, protocol, protocol == Protocol.ARROW ? schema : null, wo.build(),
                allocator, null); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int rows : new int[] {3, 0, 2}) {
                fixtures.fill(root, rows);
                if (protocol == Protocol.LIGHTSTREAM) {
                    w.writeMessage("note", ("rows " + rows).getBytes(StandardCharsets.UTF_8));
                    w.write("t", root, fixtures.dictionaries());
                } else {
                    w.write(root, fixtures.dictionaries());
                }
            }
        }
        return sink.toByteArray();
    }

    private InboundStream stream(EmbeddedChannel ch, Protocol protocol, int capacity) throws Exception {
        ReadOptions.Builder ro = ReadOptions.builder().protocol(protocol);
        if (protocol == Protocol.LIGHTSTREAM) {
            ro.registerMessage("note").registerTable("t");
        }
        Pipe pipe = new Pipe(ch, "test", "embedded", c -> c.newSucceededFuture(), null, loops);
        InboundStream in = new InboundStream(pipe, StreamDecoders.create(protocol, ro.build(), allocator), capacity,
                Duration.ZERO, false, 0).start();
        ch.runPendingTasks();
        return in;
    }

    /** Fixed width, variable width and dictionary-encoded columns: small enough to split at every byte. */
    static Schema smallSchema() {
        return new Schema(TypeFixtures.schema(true).getFields().stream()
                .filter(f -> List.of("int32", "utf8", "dict_uint8").contains(f.getName())).toList());
    }

    @Test
    void decodesTheSameAtEverySplit() throws Exception {
        Schema schema = smallSchema();
        try (TypeFixtures fixtures = new TypeFixtures(allocator);
                VectorSchemaRoot expected = VectorSchemaRoot.create(schema, allocator)) {
            for (Protocol protocol : Protocol.values()) {
                byte[] wire = encode(protocol, schema, fixtures);
                for (int cut = 0; cut <= wire.length; cut++) {
                    EmbeddedChannel ch = new EmbeddedChannel();
                    InboundStream in = stream(ch, protocol, 100);
                    ch.writeInbound(Unpooled.copiedBuffer(wire, 0, cut));
                    ch.writeInbound(Unpooled.copiedBuffer(wire, cut, wire.length - cut));
                    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                    List<Item> items = new ArrayList<>();
                    Item item;
                    while ((item = in.take()) != null) {
                        items.add(item);
                    }
                    assertThat(items).as("%s split at %d", protocol, cut).hasSize(protocol == Protocol.ARROW ? 3 : 6);
                    int b = 0;
                    for (Item i : items) {
                        if (i instanceof Message m) {
                            assertThat(m.name()).isEqualTo("note");
                            continue;
                        }
                        try (Batch batch = (Batch) i) {
                            fixtures.fill(expected, new int[] {3, 0, 2}[b++]);
                            BatchAssertions.assertSameData(schema, expected, fixtures.dictionaries(), batch.root(),
                                    batch.dictionaries());
                        }
                    }
                    in.close();
                    ch.finishAndReleaseAll();
                }
            }
        }
    }

    @Test
    void fullQueueStopsReadingUntilTaken() throws Exception {
        Schema schema = TypeFixtures.compactSchema();
        try (TypeFixtures fixtures = new TypeFixtures(allocator)) {
            byte[] wire = encode(Protocol.LIGHTSTREAM, schema, fixtures);
            EmbeddedChannel ch = new EmbeddedChannel();
            InboundStream in = stream(ch, Protocol.LIGHTSTREAM, 2);
            assertThat(ch.config().isAutoRead()).isTrue();
            // one byte at a time until two items are queued
            int pos = 0;
            while (ch.config().isAutoRead() && pos < wire.length) {
                ch.writeInbound(Unpooled.copiedBuffer(wire, pos++, 1));
            }
            assertThat(ch.config().isAutoRead()).as("reading stops with a full queue").isFalse();
            assertThat(in.hasNext()).isTrue();
            Item first = in.take();
            ch.runPendingTasks();
            assertThat(ch.config().isAutoRead()).as("taking one resumes reading").isTrue();
            if (first instanceof AutoCloseable c) {
                c.close();
            }
            in.close();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void endInTheMiddleOfAFrameIsAnError() throws Exception {
        Schema schema = TypeFixtures.compactSchema();
        try (TypeFixtures fixtures = new TypeFixtures(allocator)) {
            for (Protocol protocol : Protocol.values()) {
                byte[] wire = encode(protocol, schema, fixtures);
                EmbeddedChannel ch = new EmbeddedChannel();
                InboundStream in = stream(ch, protocol, 100);
                ch.writeInbound(Unpooled.copiedBuffer(wire, 0, wire.length - 3));
                ch.close();
                assertThatThrownBy(() -> {
                    Item i;
                    while ((i = in.take()) != null) {
                        if (i instanceof AutoCloseable c) {
                            c.close();
                        }
                    }
                }).as(protocol.name()).isInstanceOf(TransportException.class)
                        .hasMessageContaining("test embedded")
                        .hasMessageContaining("in the middle of a frame");
                in.close();
                ch.finishAndReleaseAll();
            }
        }
    }

    /**
     * A plain socket's read loop as Netty runs it with {@link DirectReceiveAllocator}: each read goes
     * into the window the stream offers (Arrow memory of the body being received) or else into an
     * ordinary buffer of at most the stream's read cap, {@code readSize} bytes at most per read.
     *
     * @return bytes that went through windows
     */
    private static long receive(EmbeddedChannel ch, InboundStream in, byte[] wire, int readSize) {
        long direct = 0;
        int pos = 0;
        while (pos < wire.length) {
            ByteBuf b = in.receiveWindow();
            boolean window = b != null;
            if (!window) {
                int cap = in.readCap();
                b = Unpooled.directBuffer(cap > 0 ? cap : 1 << 20);
            }
            int n = Math.min(Math.min(b.writableBytes(), wire.length - pos), readSize);
            b.writeBytes(wire, pos, n);
            pos += n;
            if (window) {
                direct += n;
            }
            ch.pipeline().fireChannelRead(b);
        }
        return direct;
    }

    @Test
    void largeBodiesAreReceivedStraightIntoArrowMemory() throws Exception {
        Schema schema = new Schema(List.of(new Field("v", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        int[] sizes = {20_000, 3, 50_000, 0, 20_000};
        for (Protocol protocol : Protocol.values()) {
            ByteArraySink sink = new ByteArraySink();
            WriteOptions.Builder wo = WriteOptions.builder().protocol(protocol);
            if (protocol == Protocol.LIGHTSTREAM) {
                wo.registerMessage("note").registerTable("t", schema);
            }
            try (SinkWriter w = SinkWriter.open(sink, protocol, protocol == Protocol.ARROW ? schema : null, wo.build(),
                    allocator, null); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
                for (int b = 0; b < sizes.length; b++) {
                    fillLongs(root, sizes[b], b);
                    if (protocol == Protocol.LIGHTSTREAM) {
                        w.write("t", root, null);
                    } else {
                        w.write(root, null);
                    }
                }
            }
            byte[] wire = sink.toByteArray();
            for (int readSize : new int[] {1000, 64 * 1024 + 7, Integer.MAX_VALUE}) {
                EmbeddedChannel ch = new EmbeddedChannel();
                InboundStream in = stream(ch, protocol, 100);
                long direct = receive(ch, in, wire, readSize);
                ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                for (int b = 0; b < sizes.length; b++) {
                    try (Batch batch = (Batch) in.take()) {
                        BigIntVector v = (BigIntVector) batch.root().getVector(0);
                        assertThat(batch.rowCount()).isEqualTo(sizes[b]);
                        for (int i = 0; i < sizes[b]; i++) {
                            assertThat(v.get(i)).as("%s batch %d row %d", protocol, b, i).isEqualTo(i * 7L + b);
                        }
                    }
                }
                assertThat(in.take()).isNull();
                assertThat(in.bytesReceived()).isEqualTo(wire.length);
                // the 3 large bodies, less at most one header read at the start of each
                assertThat(direct).as("%s, reads of %d bytes", protocol, readSize)
                        .isGreaterThanOrEqualTo(90_000L * 8 - 3L * InboundStream.HEADER_READ_BYTES);
                in.close();
                ch.finishAndReleaseAll();
            }
        }
    }

    private static void fillLongs(VectorSchemaRoot root, int rows, int salt) {
        BigIntVector v = (BigIntVector) root.getVector(0);
        v.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            v.set(i, i * 7L + salt);
        }
        root.setRowCount(rows);
    }
}
