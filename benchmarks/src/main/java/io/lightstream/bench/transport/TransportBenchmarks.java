package io.lightstream.bench.transport;

import io.lightstream.bench.Comparison;
import io.lightstream.bench.RatioReport;
import io.lightstream.sample.SampleShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link TransportBenchmark} and {@link DeliveryTimes} and prints each figure beside its peer,
 * measured in the same run, as a ratio. Three parts, batches of 64Ki and 1Mi rows:
 *
 * <ul>
 *   <li>{@code peers}: our TCP and UDS reader+writer against Arrow Java's stream writer and reader
 *       over a plain socket and against a raw socket copy of the same bytes, and our TCP against
 *       Arrow Flight Java DoGet; every shape by default;
 *   <li>{@code transports}: {@code parallel=2} and {@code 4} against a single TCP stream, WebSocket,
 *       HTTP/2 and QUIC as a fraction of TCP; the NUMERIC shape unless shapes are named, which keeps
 *       the full run near 25 minutes on two cores;
 *   <li>{@code latency}: per-batch delivery time p50 and p99 of our TCP reader (see {@link
 *       DeliveryTimes}); every shape by default.
 * </ul>
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.lightstream.bench.transport.TransportBenchmarks [--quick] [--parts peers,transports,latency] \
 *     [--rows 65536,1048576] [SHAPE ...]
 * </pre>
 *
 * {@code --quick} (NUMERIC only, 64Ki-row batches for the JMH parts, short iterations, short
 * latency streams of both batch sizes) is a smoke run, not figures to quote.
 */
public final class TransportBenchmarks {
    private TransportBenchmarks() {}

    static final int BYTES_PER_OP = 256 << 20;
    private static final List<String> ALL_SHAPES = List.of("NUMERIC", "MIXED", "STRINGS", "WIDE");
    private static final List<String> PARTS = List.of("peers", "transports", "latency");
    /** The allocation manager of this project; the Flight peer would otherwise be free to pick another. */
    private static final String UNSAFE_ALLOCATOR = "-Darrow.allocation.manager.type=Unsafe";

    public static void main(String[] args) throws Exception {
        System.setProperty("arrow.allocation.manager.type", "Unsafe");
        boolean quick = false;
        Set<String> parts = new LinkedHashSet<>(PARTS);
        String[] rows = null;
        List<String> named = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--parts" -> {
                    parts.clear();
                    parts.addAll(Arrays.asList(value(args, ++i, "--parts").split(",")));
                    if (!PARTS.containsAll(parts)) {
                        usage("unknown part in --parts " + args[i] + "; parts: " + PARTS);
                    }
                }
                case "--rows" -> {
                    rows = value(args, ++i, "--rows").split(",");
                    for (String r : rows) {
                        if (!r.matches("[1-9][0-9]{0,8}")) {
                            usage("--rows takes positive row counts separated by commas, not '" + r + "'");
                        }
                    }
                }
                default -> {
                    try {
                        named.add(SampleShape.parse(args[i]).name());
                    } catch (IllegalArgumentException e) {
                        usage(e.getMessage());
                    }
                }
            }
        }
        String[] shapes = !named.isEmpty() ? named.toArray(String[]::new)
                : quick ? new String[] {"NUMERIC"} : ALL_SHAPES.toArray(String[]::new);
        String[] transportShapes = !named.isEmpty() ? shapes : new String[] {"NUMERIC"};
        String[] jmhRows = rows != null ? rows : quick ? new String[] {"65536"} : new String[] {"65536", "1048576"};
        String[] latencyRows = rows != null ? rows : new String[] {"65536", "1048576"};

        List<DeliveryTimes.Result> latencies = new ArrayList<>();
        if (parts.contains("latency")) {
            // Measured first, in this JVM while no benchmark fork runs beside it; printed last with the rest.
            for (String shape : shapes) {
                for (String r : latencyRows) {
                    latencies.add(deliveryTimes(SampleShape.parse(shape), Integer.parseInt(r), quick));
                }
            }
        }

        ToDoubleFunction<Map<String, String>> rowsPerOp = p -> batches(p) * Double.parseDouble(p.get("rows"));
        ToDoubleFunction<Map<String, String>> bytesPerOp = p -> batches(p)
                * SampleShape.parse(p.get("shape")).logicalBytes(Long.parseLong(p.get("rows")));
        if (parts.contains("peers")) {
            List<Comparison> comparisons = List.of(
                    new Comparison("tcp", "ourTcp", "arrowJavaTcp", rowsPerOp, bytesPerOp),
                    new Comparison("tcp/flight", "ourTcp", "flightDoGet", rowsPerOp, bytesPerOp),
                    new Comparison("tcp/link", "ourTcp", "rawTcp", rowsPerOp, bytesPerOp),
                    new Comparison("uds", "ourUds", "arrowJavaUds", rowsPerOp, bytesPerOp),
                    new Comparison("uds/link", "ourUds", "rawUds", rowsPerOp, bytesPerOp));
            RatioReport.run("our TCP and UDS against their peers over loopback (" + bench() + ")",
                    options(quick, "ourTcp|ourUds|arrowJavaTcp|arrowJavaUds|flightDoGet|rawTcp|rawUds", shapes,
                            jmhRows), comparisons, System.out);
        }
        if (parts.contains("transports")) {
            List<Comparison> comparisons = List.of(
                    new Comparison("parallel=2", "ourTcpParallel2", "ourTcp", rowsPerOp, bytesPerOp),
                    new Comparison("parallel=4", "ourTcpParallel4", "ourTcp", rowsPerOp, bytesPerOp),
                    new Comparison("ws/tcp", "ourWebSocket", "ourTcp", rowsPerOp, bytesPerOp),
                    new Comparison("http2/tcp", "ourHttp2", "ourTcp", rowsPerOp, bytesPerOp),
                    new Comparison("quic/tcp", "ourQuic", "ourTcp", rowsPerOp, bytesPerOp));
            RatioReport.run("parallel streams and the other transports against TCP (" + bench() + ")",
                    options(quick, "ourTcp|ourTcpParallel2|ourTcpParallel4|ourWebSocket|ourHttp2|ourQuic",
                            transportShapes, jmhRows), comparisons, System.out);
        }
        if (!latencies.isEmpty()) {
            DeliveryTimes.print(latencies, System.out);
        }
    }

    private static String bench() {
        return TransportBenchmark.class.getSimpleName();
    }

    private static ChainedOptionsBuilder options(boolean quick, String methods, String[] shapes, String[] rows) {
        return new OptionsBuilder()
                .include(TransportBenchmark.class.getName() + "\\.(" + methods + ")$")
                .forks(1)
                .jvmArgsAppend("--add-opens=java.base/java.nio=ALL-UNNAMED", UNSAFE_ALLOCATOR, "-Xmx4g")
                .param("shape", shapes)
                .param("rows", rows)
                .shouldFailOnError(true)
                .warmupIterations(quick ? 1 : 2).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2));
    }

    /**
     * One delivery-time stream: about 2 GiB of column data (256 MiB for {@code --quick}), at least 64
     * measured gaps (32) so that the p99 rests on more than the slowest batch, at most 2000 (200).
     */
    private static DeliveryTimes.Result deliveryTimes(SampleShape shape, int rows, boolean quick) throws Exception {
        long budget = quick ? 256L << 20 : 2L << 30;
        long perBatch = Math.max(1, shape.logicalBytes(rows));
        int measured = (int) Math.min(quick ? 200 : 2000, Math.max(quick ? 32 : 64, budget / perBatch));
        int warmUp = Math.max(8, measured / 8);
        return DeliveryTimes.measure(shape, rows, warmUp, measured);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: TransportBenchmarks [--quick] [--parts peers,transports,latency]"
                + " [--rows N[,N...]] [NUMERIC|MIXED|STRINGS|WIDE ...]");
        System.exit(2);
    }

    /** Batches per operation, as {@link TransportBenchmark} sizes them. */
    static double batches(Map<String, String> p) {
        long perBatch = SampleShape.parse(p.get("shape")).logicalBytes(Long.parseLong(p.get("rows")));
        return Math.max(4, BYTES_PER_OP / Math.max(1, perBatch));
    }
}
