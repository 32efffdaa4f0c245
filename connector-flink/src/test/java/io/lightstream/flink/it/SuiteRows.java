package io.lightstream.flink.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;

/** The rows Flink's source test suite runs on, for the file and the network endpoint suites alike. */
final class SuiteRows {
    static final RowType ROW_TYPE = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
            DataTypes.FIELD("name", DataTypes.STRING()),
            DataTypes.FIELD("score", DataTypes.DOUBLE())).getLogicalType();

    /** The most splits any case of the suite uses. */
    static final int SPLITS = 4;

    private SuiteRows() {}

    /**
     * Between 20 and 219 rows for split {@code splitIndex}, ids unique across splits, about one name
     * in five null; the same for the same seed.
     */
    static List<RowData> generate(int splitIndex, long seed) {
        Random random = new Random(seed);
        RowDataSerializer serializer = new RowDataSerializer(ROW_TYPE);
        int count = 20 + random.nextInt(200);
        List<RowData> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GenericRowData row = GenericRowData.of(splitIndex * 1_000_000L + i,
                    random.nextInt(5) == 0 ? null : StringData.fromString("s" + splitIndex + "-" + random.nextInt()),
                    random.nextDouble());
            // Collected rows come back as binary rows; compare like with like.
            rows.add(serializer.toBinaryRow(row).copy());
        }
        return rows;
    }
}
