package io.lightstream.bench.flink;

import io.lightstream.sample.SampleShape;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.RowData;

/**
 * {@link ShapeRowGenerator} whose first row waits at a gate, so that a sink benchmark's clock starts
 * once the job is deployed and its sink open. State is static (the MiniCluster runs in the
 * benchmark's JVM); one job at a time, parallelism 1.
 */
final class GatedRowGenerator extends ShapeRowGenerator {
    private static final long serialVersionUID = 1L;

    private static volatile CountDownLatch firstRow = new CountDownLatch(1);
    private static volatile CountDownLatch gate = new CountDownLatch(1);

    GatedRowGenerator(SampleShape shape) {
        super(shape);
    }

    static void reset() {
        firstRow = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    static boolean awaitFirstRow(long timeoutMillis) throws InterruptedException {
        return firstRow.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    static void open() {
        gate.countDown();
    }

    @Override
    public RowData map(Long index) {
        if (index == 0) {
            firstRow.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            }
        }
        return super.map(index);
    }
}
