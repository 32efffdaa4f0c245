package io.lightstream.flink.arrow.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.flink.arrow.RowTypeBinding;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rows, arrays, maps and nested rows kept past their batch: once the view is released and the
 * batch closed, every read throws {@link ReleasedBatchException} naming the column and row, for
 * every kind of column vector, instead of reading freed memory. Values copied out before the
 * release stay valid.
 */
class ArrowBatchViewReleaseTest {
    private static final RowType ROW_TYPE = (RowType) DataTypes.ROW(
            DataTypes.FIELD("flag", DataTypes.BOOLEAN()),
            DataTypes.FIELD("small", DataTypes.SMALLINT()),
            DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
            DataTypes.FIELD("ratio", DataTypes.FLOAT()),
            DataTypes.FIELD("score", DataTypes.DOUBLE()),
            DataTypes.FIELD("price", DataTypes.DECIMAL(18, 4)),
            DataTypes.FIELD("name", DataTypes.STRING()),
            DataTypes.FIELD("code", DataTypes.BINARY(2)),
            DataTypes.FIELD("day", DataTypes.DATE()),
            DataTypes.FIELD("at", DataTypes.TIME(3)),
            DataTypes.FIELD("ts", DataTypes.TIMESTAMP(6)),
            DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.INT())),
            DataTypes.FIELD("attrs", DataTypes.MAP(DataTypes.STRING(), DataTypes.BIGINT())),
            DataTypes.FIELD("inner", DataTypes.ROW(DataTypes.FIELD("x", DataTypes.INT())))).getLogicalType();

    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close(); // fails on any leaked buffer
    }

    private static RowData row(long id, boolean withNulls) {
        return GenericRowData.of(withNulls ? null : true, (short) 7, id, 1.5f, 2.5,
                DecimalData.fromUnscaledLong(12345, 18, 4), withNulls ? null : StringData.fromString("name-" + id),
                new byte[] {1, 2}, 19000, 3_600_000, TimestampData.fromEpochMillis(id, 1000),
                new GenericArrayData(new Integer[] {1, 2, 3}),
                new GenericMapData(Map.of(StringData.fromString("k"), 9L)), GenericRowData.of(42));
    }

    /** Every typed read of every column of {@code row}, one per entry. */
    private static List<Consumer<RowData>> everyRead() {
        return List.of(r -> r.isNullAt(0), r -> r.getBoolean(0), r -> r.getShort(1), r -> r.getLong(2),
                r -> r.getFloat(3), r -> r.getDouble(4), r -> r.getDecimal(5, 18, 4), r -> r.getString(6),
                r -> r.getBinary(7), r -> r.getInt(8), r -> r.getInt(9), r -> r.getTimestamp(10, 6),
                r -> r.getArray(11), r -> r.getMap(12), r -> r.getRow(13, 1), r -> r.isNullAt(2));
    }

    @Test
    void everyColumnKindFailsClearlyAfterRelease() {
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(ROW_TYPE, allocator)) {
            writer.write(row(1, false));
            writer.write(row(2, true));
            writer.finish();
            ArrowBatchView view = ArrowBatchView.of(writer.root(), null,
                    RowTypeBinding.bind(ROW_TYPE, writer.root().getSchema(), "t"), "t");
            StringData copiedOut = view.row(0).getString(6);
            ArrayData keptArray = view.row(0).getArray(11);
            MapData keptMap = view.row(0).getMap(12);
            RowData keptInner = view.row(0).getRow(13, 1);
            // The row object is reused: from here on it stays at row 1.
            RowData kept = view.row(1);
            // Read everything once while open: strings are then served from their heap copy, which
            // must not let a released row through either.
            everyRead().forEach(read -> read.accept(kept));

            view.release();
            writer.root().clear();

            for (Consumer<RowData> read : everyRead()) {
                assertThatThrownBy(() -> read.accept(kept))
                        .isInstanceOf(ReleasedBatchException.class)
                        .hasMessageContaining("row 1")
                        .hasMessageContaining("read after its Arrow batch was released");
            }
            assertThatThrownBy(() -> kept.getLong(2)).isInstanceOf(ReleasedBatchException.class)
                    .hasMessageContaining("column 'id'")
                    .satisfies(e -> {
                        assertThat(((ReleasedBatchException) e).column()).isEqualTo("id");
                        assertThat(((ReleasedBatchException) e).row()).isEqualTo(1);
                    });
            assertThatThrownBy(() -> keptArray.getInt(0)).isInstanceOf(ReleasedBatchException.class)
                    .hasMessageContaining("column 'tags[]'");
            assertThatThrownBy(() -> keptMap.keyArray().getString(0)).isInstanceOf(ReleasedBatchException.class)
                    .hasMessageContaining("column 'attrs{key}'");
            assertThatThrownBy(() -> keptMap.valueArray().getLong(0)).isInstanceOf(ReleasedBatchException.class);
            assertThatThrownBy(() -> keptInner.getInt(0)).isInstanceOf(ReleasedBatchException.class)
                    .hasMessageContaining("column 'inner.x'");
            // What was copied out before the release is the caller's own.
            assertThat(copiedOut.toString()).isEqualTo("name-1");
            // The view stays released however often it is told.
            view.release();
            assertThatThrownBy(() -> view.row(0).getLong(2)).isInstanceOf(ReleasedBatchException.class);
        }
    }

    @Test
    void columnsNeverReadBeforeReleaseFailToo() {
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(ROW_TYPE, allocator)) {
            writer.write(row(1, false));
            writer.finish();
            ArrowBatchView view = ArrowBatchView.of(writer.root(), null,
                    RowTypeBinding.bind(ROW_TYPE, writer.root().getSchema(), "t"), "t");
            RowData kept = view.row(0);
            view.release();
            writer.root().clear();
            // The string column never copied its values: the copy must not be attempted from freed memory.
            assertThatThrownBy(() -> kept.getString(6)).isInstanceOf(ReleasedBatchException.class)
                    .hasMessageContaining("column 'name', row 0");
            assertThatThrownBy(() -> kept.getBinary(7)).isInstanceOf(ReleasedBatchException.class);
        }
    }

    @Test
    void dictionaryColumnsFailAfterRelease() {
        try (VarCharVector values = new VarCharVector("city", allocator);
                VarCharVector plain = new VarCharVector("city", allocator)) {
            values.allocateNew();
            values.setSafe(0, "Oslo".getBytes());
            values.setSafe(1, "Lima".getBytes());
            values.setValueCount(2);
            plain.allocateNew();
            plain.setSafe(0, "Lima".getBytes());
            plain.setSafe(1, "Oslo".getBytes());
            plain.setValueCount(2);
            Dictionary dictionary = new Dictionary(values, new DictionaryEncoding(1L, false, new ArrowType.Int(16, true)));
            try (FieldVector encoded = (FieldVector) DictionaryEncoder.encode(plain, dictionary)) {
                DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
                provider.put(dictionary);
                VectorSchemaRoot root = new VectorSchemaRoot(List.of(encoded));
                root.setRowCount(2);
                RowType declared = (RowType) DataTypes.ROW(DataTypes.FIELD("city", DataTypes.STRING())).getLogicalType();
                ArrowBatchView view = ArrowBatchView.of(root, provider,
                        RowTypeBinding.bind(declared, root.getSchema(), provider, "t"), "t");
                RowData kept = view.row(1);
                assertThat(kept.getString(0).toString()).isEqualTo("Oslo");
                view.release();
                ((SmallIntVector) encoded).clear();
                assertThatThrownBy(() -> kept.getString(0)).isInstanceOf(ReleasedBatchException.class)
                        .hasMessageContaining("column 'city', row 1");
                assertThatThrownBy(() -> kept.isNullAt(0)).isInstanceOf(ReleasedBatchException.class);
            }
        }
    }

    @Test
    void rowsOutsideAnOpenBatchAreStillReportedAsOutOfRange() {
        try (RowDataArrowWriter writer = RowDataArrowWriter.create(ROW_TYPE, allocator)) {
            writer.write(row(1, false));
            writer.finish();
            ArrowBatchView view = ArrowBatchView.of(writer.root(), null,
                    RowTypeBinding.bind(ROW_TYPE, writer.root().getSchema(), "t"), "t");
            assertThatThrownBy(() -> view.row(1).getLong(2)).isInstanceOf(IndexOutOfBoundsException.class)
                    .isNotInstanceOf(ReleasedBatchException.class)
                    .hasMessageContaining("row 1 of a column of 1 values");
            assertThatThrownBy(() -> view.row(-1).getDouble(4)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
