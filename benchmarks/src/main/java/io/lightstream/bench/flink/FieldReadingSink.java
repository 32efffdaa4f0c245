package io.lightstream.bench.flink;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * The end of every source benchmark job: a sink that reads every field of every row (as any real
 * downstream operator would; a sink that only counted rows would let columnar readers skip their
 * work) and throws the row away.
 *
 * <p>It also times the job from inside: the first row waits at a gate, so the job is deployed and
 * its source open before {@link #open()} starts the clock, and {@link #awaitEnd} returns when the
 * last row has been read. State is static because the MiniCluster runs in the benchmark's JVM; one
 * job at a time, parallelism 1.
 */
final class FieldReadingSink implements Sink<RowData> {
    private static final long serialVersionUID = 1L;

    private static volatile CountDownLatch firstRow = new CountDownLatch(1);
    private static volatile CountDownLatch gate = new CountDownLatch(1);
    private static volatile CountDownLatch end = new CountDownLatch(1);
    private static final AtomicLong ROWS = new AtomicLong();
    private static final AtomicLong CHECKSUM = new AtomicLong();

    private final RowType rowType;

    FieldReadingSink(RowType rowType) {
        this.rowType = rowType;
    }

    /** Prepares for the next job: closed gate, no rows. */
    static void reset() {
        firstRow = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        end = new CountDownLatch(1);
        ROWS.set(0);
    }

    /** Waits until the job's first row is at the gate. */
    static boolean awaitFirstRow(long timeoutMillis) throws InterruptedException {
        return firstRow.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Lets the rows through. */
    static void open() {
        gate.countDown();
    }

    /** Waits until the job's input has ended at the sink. */
    static boolean awaitEnd(long timeoutMillis) throws InterruptedException {
        return end.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Rows the last job delivered. */
    static long rows() {
        return ROWS.get();
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) {
        return new Writer(rowType);
    }

    private static final class Writer implements SinkWriter<RowData> {
        private final LogicalTypeRoot[] types;
        private long rows;
        private long checksum;

        Writer(RowType rowType) {
            types = new LogicalTypeRoot[rowType.getFieldCount()];
            for (int i = 0; i < types.length; i++) {
                types[i] = rowType.getTypeAt(i).getTypeRoot();
            }
        }

        @Override
        public void write(RowData row, Context context) throws InterruptedException {
            if (rows == 0) {
                firstRow.countDown();
                gate.await();
            }
            long h = checksum;
            for (int i = 0; i < types.length; i++) {
                switch (types[i]) {
                    case INTEGER -> h += row.getInt(i);
                    case BIGINT -> h += row.getLong(i);
                    case FLOAT -> h += Float.floatToRawIntBits(row.getFloat(i));
                    case DOUBLE -> h += Double.doubleToRawLongBits(row.getDouble(i));
                    case VARCHAR -> h += row.getString(i).hashCode();
                    default -> throw new IllegalStateException("unexpected column type " + types[i]);
                }
            }
            checksum = h * 31;
            rows++;
        }

        @Override
        public void flush(boolean endOfInput) {
            if (endOfInput) {
                ROWS.set(rows);
                CHECKSUM.set(checksum);
                end.countDown();
            }
        }

        @Override
        public void close() {}
    }
}
