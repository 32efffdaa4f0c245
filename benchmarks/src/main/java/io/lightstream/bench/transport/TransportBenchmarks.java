package io.lightstream.bench.transport;

import io.lightstream.bench.Comparison;
import io.lightstream.bench.RatioReport;
import io.lightstream.sample.SampleShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link TransportBenchmark} and prints each figure beside its peer, measured in the same run,
 * as a ratio: our TCP and UDS reader+writer against Arrow Java's stream writer and reader over a
 * plain socket and against a raw socket copy of the same bytes; parallel streams against a single
 * one; WebSocket, HTTP/2 and QUIC as a fraction of TCP. Batches of 64Ki and 1Mi rows.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.lightstream.bench.transport.TransportBenchmarks [--quick] [SHAPE ...]
 * </pre>
 *
 * {@code --quick} (one shape, short iterations) is a smoke run, not figures to quote.
 */
public final class TransportBenchmarks {
    private TransportBenchmarks() {}

    static final int BYTES_PER_OP = 256 << 20;

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean quick = a.remove("--quick");
        String[] shapes = a.isEmpty() ? (quick ? new String[] {"NUMERIC"} : new String[] {"NUMERIC", "MIXED", "STRINGS", "WIDE"})
                : a.toArray(String[]::new);
        ToDoubleFunction<Map<String, String>> rows = p -> batches(p) * Double.parseDouble(p.get("rows"));
        ToDoubleFunction<Map<String, String>> bytes = p -> batches(p)
                * SampleShape.parse(p.get("shape")).logicalBytes(Long.parseLong(p.get("rows")));
        List<Comparison> comparisons = List.of(
                new Comparison("tcp", "ourTcp", "arrowJavaTcp", rows, bytes),
                new Comparison("tcp/link", "ourTcp", "rawTcp", rows, bytes),
                new Comparison("uds", "ourUds", "arrowJavaUds", rows, bytes),
                new Comparison("uds/link", "ourUds", "rawUds", rows, bytes),
                new Comparison("parallel=2", "ourTcpParallel2", "ourTcp", rows, bytes),
                new Comparison("parallel=4", "ourTcpParallel4", "ourTcp", rows, bytes),
                new Comparison("ws/tcp", "ourWebSocket", "ourTcp", rows, bytes),
                new Comparison("http2/tcp", "ourHttp2", "ourTcp", rows, bytes),
                new Comparison("quic/tcp", "ourQuic", "ourTcp", rows, bytes));
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(TransportBenchmark.class.getName() + "\\.")
                .forks(1)
                .jvmArgsAppend("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g")
                .param("shape", shapes)
                .param("rows", "65536", "1048576")
                .shouldFailOnError(true)
                .warmupIterations(quick ? 1 : 2).warmupTime(TimeValue.seconds(quick ? 1 : 3))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 2 : 5));
        RatioReport.run("transports over loopback (" + TransportBenchmark.class.getSimpleName() + ")", o, comparisons,
                System.out);
    }

    /** Batches per operation, as {@link TransportBenchmark} sizes them. */
    static double batches(Map<String, String> p) {
        long perBatch = SampleShape.parse(p.get("shape")).logicalBytes(Long.parseLong(p.get("rows")));
        return Math.max(4, BYTES_PER_OP / Math.max(1, perBatch));
    }
}
