package io.lightstream.kafka.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests for {@link IpcBytes}: 64-byte aligned output that standard Arrow readers accept, and typed decode errors. */
class IpcBytesTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
    }

    private byte[] sample(int rows) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            root.allocateNew();
            for (int i = 0; i < rows; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, i * 7L);
                if (i % 3 == 0) {
                    ((VarCharVector) root.getVector("name")).setNull(i);
                } else {
                    ((VarCharVector) root.getVector("name")).setSafe(i, ("r" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            root.setRowCount(rows);
            return IpcBytes.encode(root, null, Map.of("k", "v"), allocator);
        }
    }

    @Test
    void encodesA64ByteAlignedStreamThatArrowJavaReads() throws Exception {
        byte[] bytes = sample(100);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(-1);
        assertThat((8 + b.getInt(4)) % 64).isZero();
        assertThat(bytes.length % 64).isEqualTo(8);
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
            assertThat(reader.loadNextBatch()).isTrue();
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(root.getRowCount()).isEqualTo(100);
            assertThat(((BigIntVector) root.getVector("id")).get(99)).isEqualTo(693L);
            assertThat(root.getVector("name").getObject(3)).isNull();
            assertThat(root.getVector("name").getObject(4).toString()).isEqualTo("r4");
            assertThat(reader.loadNextBatch()).isFalse();
        }
    }

    @Test
    void decodesWhatItEncodesWithMetadata() {
        try (IpcBytes.Decoded decoded = IpcBytes.decode(sample(10), allocator)) {
            assertThat(decoded.schema()).isEqualTo(SCHEMA);
            assertThat(decoded.rowCount()).isEqualTo(10);
            Batch batch = decoded.batches().get(0);
            assertThat(batch.metadata()).containsEntry("k", "v");
            assertThat(((BigIntVector) batch.root().getVector("id")).get(9)).isEqualTo(63L);
        }
    }

    @Test
    void everyMappedTypeListViewsIncludedSurvivesTheStreamAndReadsAsRows() {
        try (VectorSchemaRoot root = AllTypesBatch.create(allocator)) {
            ConnectSchemaMapper mapper = new ConnectSchemaMapper(MappingOptions.DEFAULT);
            org.apache.kafka.connect.data.Schema row = mapper.toConnect(root.getSchema(), "all");
            RowReader direct = new RowReader(row, root, null);
            try (IpcBytes.Decoded decoded = IpcBytes.decode(IpcBytes.encode(root, null, allocator), allocator)) {
                Batch batch = decoded.batches().get(0);
                RowReader viaStream = new RowReader(row, batch.root(), batch.dictionaries());
                for (int i = 0; i < root.getRowCount(); i++) {
                    assertThat(viaStream.read(i)).as("row %d", i).isEqualTo(direct.read(i));
                }
                assertThat(viaStream.read(0).getArray("list_view")).containsExactly(10L, 20L);
            }
        }
    }

    @Test
    void everyTruncationIsATypedErrorAndLeaksNothing() {
        byte[] bytes = sample(5);
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] part = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> IpcBytes.decode(part, allocator).close()).isInstanceOf(DataException.class)
                    .hasMessageContaining("Arrow IPC stream");
        }
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void garbageIsATypedError() {
        assertThatThrownBy(() -> IpcBytes.decode("{\"id\": 1}".getBytes(StandardCharsets.UTF_8), allocator))
                .isInstanceOf(DataException.class).hasMessageContaining("not a valid Arrow IPC stream");
    }
}
