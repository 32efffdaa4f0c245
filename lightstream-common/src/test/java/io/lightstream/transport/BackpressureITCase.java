package io.lightstream.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.transport.internal.EventLoops;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * 10 GiB through a consumer slower than its producer: the reader holds at most its queue of
 * batches, stops reading the socket, and TCP flow control holds the writer back, so memory stays
 * bounded whatever the volume.
 *
 * <p>Stated bounds, for 64 MiB batches and a queue of {@value #QUEUE} batches: Arrow memory of the
 * reader at most {@code (QUEUE + 3) x 64 MiB} (the queue, the batch the consumer holds, the one being
 * decoded and one pooled receive buffer); Netty and JDK direct buffers at most 64 MiB (the writer
 * sends Arrow memory without copying; the reader copies each received chunk once into Arrow memory);
 * heap in use at most 512 MiB (no batch data lives on the heap).
 */
class BackpressureITCase {
    static final int QUEUE = 2;
    static final int ROWS = 8 << 20;
    static final long BATCH_BYTES = (long) ROWS * Long.BYTES;
    static final long TOTAL = 10L << 30;
    static final int BATCHES = (int) (TOTAL / BATCH_BYTES);

    /**
     * Direct memory outside Arrow: JDK direct buffers plus Netty's own (its counter covers the pooled
     * arenas when Netty allocates without cleaners; otherwise the pool's metric does).
     */
    static long directInUse(BufferPoolMXBean jdkDirect) {
        long netty = PlatformDependent.usedDirectMemory();
        if (netty < 0) {
            netty = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        }
        return jdkDirect.getMemoryUsed() + netty;
    }

    @Test
    void tenGibibytesThroughASlowConsumerInBoundedMemory() throws Exception {
        Schema schema = new Schema(List.of(Field.notNullable("v", new ArrowType.Int(64, true))));
        String uri = "tcp://127.0.0.1:" + TransportContractITCase.freeTcpPort();
        BufferPoolMXBean jdkDirect = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        AtomicLong maxHeap = new AtomicLong();
        AtomicLong maxDirect = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                maxHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                maxDirect.accumulateAndGet(directInUse(jdkDirect), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        System.gc();
        long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long directBefore = directInUse(jdkDirect);
        sampler.start();
        try (RootAllocator root = new RootAllocator();
                BufferAllocator readerMemory = root.newChildAllocator("reader", 0, Long.MAX_VALUE);
                BufferAllocator writerMemory = root.newChildAllocator("writer", 0, Long.MAX_VALUE)) {
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, writerMemory)) {
                    BigIntVector v = (BigIntVector) batch.getVector(0);
                    v.allocateNew(ROWS);
                    for (int i = 0; i < ROWS; i++) {
                        v.set(i, i);
                    }
                    batch.setRowCount(ROWS);
                    try (LightstreamWriter w = Lightstream.write(uri, schema, WriteOptions.builder().transport(
                            TransportOptions.builder().connectRetries(40).retryBackoff(Duration.ofMillis(50)).build())
                            .build())) {
                        for (int b = 0; b < BATCHES; b++) {
                            v.set(0, b);
                            w.write(batch);
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long rows = 0;
            try (LightstreamReader r = Lightstream.read(uri, ReadOptions.builder().allocator(readerMemory)
                    .transport(TransportOptions.builder().accept(true).maxQueuedBatches(QUEUE)
                            .readTimeout(Duration.ofSeconds(60)).build()).build())) {
                Batch next;
                int seen = 0;
                while ((next = r.readBatch()) != null) {
                    try (Batch b = next) {
                        BigIntVector v = (BigIntVector) b.root().getVector(0);
                        assertThat(v.get(0)).as("batch order").isEqualTo(seen);
                        long sum = 0;
                        for (int i = 1; i < ROWS; i += 64) {
                            sum += v.get(i);
                        }
                        assertThat(sum).isPositive();
                        rows += b.rowCount();
                        seen++;
                        // the consumer is slower than the link: the producer must wait for it
                        Thread.sleep(5);
                    }
                }
                assertThat(r.bytesRead()).isGreaterThanOrEqualTo(TOTAL);
            }
            producer.get(5, TimeUnit.MINUTES);
            assertThat(rows).isEqualTo((long) BATCHES * ROWS);
            assertThat(readerMemory.getPeakMemoryAllocation()).as("reader Arrow memory peak")
                    .isLessThanOrEqualTo((QUEUE + 3) * BATCH_BYTES + (1 << 20));
            System.out.printf("reader Arrow memory peak %d MiB for %d MiB batches, queue of %d%n",
                    readerMemory.getPeakMemoryAllocation() >> 20, BATCH_BYTES >> 20, QUEUE);
        } finally {
            sampling.set(false);
            sampler.join();
        }
        System.out.printf("peaks over %d GiB: Netty+JDK direct +%d MiB, heap +%d MiB%n", TOTAL >> 30,
                (maxDirect.get() - directBefore) >> 20, (maxHeap.get() - heapBefore) >> 20);
        assertThat(maxDirect.get() - directBefore).as("Netty and JDK direct buffers").isLessThanOrEqualTo(64L << 20);
        assertThat(maxHeap.get() - heapBefore).as("heap growth").isLessThanOrEqualTo(512L << 20);
        assertThat(EventLoops.activeReferences()).isZero();
    }
}
