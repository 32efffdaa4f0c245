package io.lightstream.bench.transport;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.sample.SampleShape;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Per-batch delivery time of our TCP writer and reader over loopback, measured outside JMH because
 * JMH reports means, not the spread of individual batches.
 *
 * <p>One connection carries a stream of identical batches at full speed. The reader stamps {@link
 * System#nanoTime()} as each batch is handed to it; the <em>gap</em> between consecutive arrivals is
 * the time the link and both ends take to deliver one batch, and its p99 against its p50 shows how
 * evenly they do it (the goal is a p99 within 5% of the p50). The writer also stamps each batch as it
 * starts writing it; <em>send to receive</em> is the time from that stamp to the batch's arrival,
 * which under full load is dominated by the batches queued ahead of it (socket buffers and the
 * reader's bounded queue). The first batches of the stream warm up the JIT and are not counted.
 *
 * <p>Not thread-safe; {@link #measure} blocks until the stream has been delivered.
 */
final class DeliveryTimes {
    private DeliveryTimes() {}

    /**
     * What one stream measured (all times in nanoseconds).
     *
     * @param warmUp batches sent first and not counted
     * @param gaps how many arrival gaps were counted
     */
    record Result(SampleShape shape, int rows, int warmUp, int gaps, long gapP50, long gapP99, long latencyP50,
            long latencyP99) {}

    /**
     * Sends {@code warmUp + measured + 1} batches of {@code rows} rows of {@code shape} over one
     * loopback TCP connection and returns the percentiles of the last {@code measured} arrival gaps.
     */
    static Result measure(SampleShape shape, int rows, int warmUp, int measured) throws Exception {
        int total = warmUp + measured + 1;
        long[] sent = new long[total];
        long[] arrived = new long[total];
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "delivery-reader");
            t.setDaemon(true);
            return t;
        });
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = VectorSchemaRoot.create(shape.schema(), allocator);
                SampleShape.Dictionaries dictionaries = shape.dictionaries(allocator);
                TransportListener listener = TransportListener.receiving("tcp://127.0.0.1:0",
                        TransportOptions.builder().maxQueuedBatches(4).build())) {
            shape.fill(batch, 0, rows);
            Future<Long> reading = pool.submit(() -> {
                int i = 0;
                long received = 0;
                try (LightstreamReader r = listener.acceptReader(ReadOptions.builder().allocator(allocator).build())) {
                    Batch b;
                    while ((b = r.readBatch()) != null) {
                        long now = System.nanoTime();
                        if (i == total) {
                            b.close();
                            throw new IllegalStateException("received more than the " + total + " batches sent");
                        }
                        arrived[i++] = now;
                        received += b.rowCount();
                        b.close();
                    }
                }
                return received;
            });
            try (LightstreamWriter w = Lightstream.write("tcp://127.0.0.1:" + listener.port(), batch.getSchema(),
                    WriteOptions.DEFAULT)) {
                for (int i = 0; i < total; i++) {
                    sent[i] = System.nanoTime();
                    w.write(batch, shape.hasDictionaries() ? dictionaries : null);
                }
            }
            long received = reading.get(10, TimeUnit.MINUTES);
            if (received != (long) rows * total) {
                throw new IllegalStateException("received " + received + " rows, sent " + (long) rows * total);
            }
        } finally {
            pool.shutdownNow();
        }
        long[] gaps = new long[measured];
        long[] latencies = new long[measured];
        for (int k = 0; k < measured; k++) {
            int i = warmUp + 1 + k;
            gaps[k] = arrived[i] - arrived[i - 1];
            latencies[k] = arrived[i] - sent[i];
        }
        Arrays.sort(gaps);
        Arrays.sort(latencies);
        return new Result(shape, rows, warmUp, measured, percentile(gaps, 50), percentile(gaps, 99),
                percentile(latencies, 50), percentile(latencies, 99));
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static void print(List<Result> results, PrintStream out) {
        out.println();
        out.println("== per-batch delivery time, our TCP writer and reader over loopback ("
                + DeliveryTimes.class.getSimpleName() + ") ==");
        out.printf("%-30s %7s %7s %12s %12s %8s %16s %16s%n", "parameters", "warm-up", "gaps", "gap p50", "gap p99", "p99/p50",
                "send-recv p50", "send-recv p99");
        for (Result r : results) {
            out.printf("%-30s %7d %7d %12s %12s %7.3fx %16s %16s%n", "rows=" + r.rows() + " shape=" + r.shape(),
                    r.warmUp(), r.gaps(),
                    millis(r.gapP50()), millis(r.gapP99()), (double) r.gapP99() / r.gapP50(), millis(r.latencyP50()),
                    millis(r.latencyP99()));
        }
        out.println("(gap = time between consecutive batch arrivals at the reader on one connection, after the"
                + " warm-up batches; goal: gap p99 within 5% of p50, i.e. p99/p50 <= 1.05;");
        out.println(" send-recv = from the writer starting a batch to the reader receiving it, mostly queueing under"
                + " full load; nearest-rank percentiles, so with fewer than 100 gaps the p99 is the slowest gap)");
    }

    private static String millis(long nanos) {
        return String.format("%.3f ms", nanos / 1e6);
    }
}
