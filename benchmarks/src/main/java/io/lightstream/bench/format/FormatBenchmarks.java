package io.lightstream.bench.format;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ParquetBenchmark} and {@link CsvBenchmark} and prints each figure beside its peer,
 * measured in the same run, with the ratio.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.lightstream.bench.format.FormatBenchmarks [rows] [warmup] [iterations]
 * </pre>
 */
public final class FormatBenchmarks {
    private FormatBenchmarks() {}

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ParquetBenchmark.class.getName())
                .include(CsvBenchmark.class.getName())
                .param("rows", Integer.toString(rows))
                .warmupIterations(warmup)
                .measurementIterations(iterations);
        Collection<RunResult> results = new Runner(options.build()).run();

        // shape -> benchmark -> median milliseconds per operation
        Map<String, Map<String, Double>> byShape = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String method = name.substring(name.lastIndexOf('.') + 1);
            String bench = name.contains("Csv") ? "csv." + method : "parquet." + method;
            double ms = r.getPrimaryResult().getStatistics().getPercentile(50);
            byShape.computeIfAbsent(r.getParams().getParam("shape"), k -> new TreeMap<>()).put(bench, ms);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Parquet, %,d rows per operation (rows/s, median of %d runs)%n", rows, iterations);
        System.out.printf(Locale.ROOT, "%-8s %-6s %14s %14s %7s%n", "shape", "op", "lightstream", "parquet-avro", "ratio");
        for (var e : byShape.entrySet()) {
            for (String op : new String[] {"write", "read"}) {
                Double ours = e.getValue().get("parquet." + op + "Lightstream");
                Double peer = e.getValue().get("parquet." + op + "Avro");
                if (ours != null && peer != null) {
                    System.out.printf(Locale.ROOT, "%-8s %-6s %14.0f %14.0f %6.2fx%n", e.getKey(), op,
                            rows / (ours / 1000), rows / (peer / 1000), peer / ours);
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "CSV parse (MB/s, median of %d runs; univocity tokenizes to String[] only)%n",
                iterations);
        System.out.printf(Locale.ROOT, "%-8s %10s %14s %12s %7s%n", "shape", "MB", "lightstream", "univocity", "ratio");
        for (var e : byShape.entrySet()) {
            Double ours = e.getValue().get("csv.parseLightstream");
            Double peer = e.getValue().get("csv.parseUnivocity");
            if (ours != null && peer != null) {
                double mb = CsvBenchmark.csvBytes(e.getKey(), rows) / 1e6;
                System.out.printf(Locale.ROOT, "%-8s %10.1f %14.1f %12.1f %6.2fx%n", e.getKey(), mb, mb / (ours / 1000),
                        mb / (peer / 1000), peer / ours);
            }
        }
    }
}
