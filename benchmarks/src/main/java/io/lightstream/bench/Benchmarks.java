package io.lightstream.bench;

import io.lightstream.bench.codec.DecodeBenchmark;
import io.lightstream.bench.codec.EncodeBenchmark;
import io.lightstream.bench.codec.MappedFileBenchmark;
import io.lightstream.sample.SampleShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs benchmark suites and prints, for each, our figures beside their peers' as ratios.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--quick] [suite ...]
 *     suites: decode encode file parquet csv flink-source flink-sink (default: all)
 * </pre>
 *
 * {@code --quick} runs short iterations on 64K-row batches and a 10M-row file: a smoke run, not
 * figures to quote.
 */
public final class Benchmarks {
    private Benchmarks() {}

    /**
     * A suite: its JMH benchmark class, comparisons, and how to size it ({@code rows}: the row
     * parameter of a full and a quick run, or null for the defaults of its kind).
     */
    private record Suite(Class<?> benchmark, List<Comparison> comparisons, boolean singleShot, String[] rows) {
        Suite(Class<?> benchmark, List<Comparison> comparisons, boolean singleShot) {
            this(benchmark, comparisons, singleShot, null);
        }
    }

    /** Rows of a Flink job, which the Flink suites scale down for the wide shape. */
    private static double flinkRows(Map<String, String> p) {
        return io.lightstream.bench.flink.FlinkSuites.rowsPerJob(p.get("shape"), (long) rows(p));
    }

    private static double flinkBytes(Map<String, String> p) {
        return SampleShape.parse(p.get("shape")).logicalBytes((long) flinkRows(p));
    }

    private static double rows(Map<String, String> p) {
        return Double.parseDouble(p.get("rows"));
    }

    private static double logicalBytes(Map<String, String> p) {
        String shape = p.get("shape");
        return shape == null ? SampleShape.NUMERIC.logicalBytes((long) rows(p))
                : SampleShape.parse(shape).logicalBytes((long) rows(p));
    }

    private static Map<String, Suite> suites() {
        Map<String, Suite> s = new LinkedHashMap<>();
        s.put("decode", new Suite(DecodeBenchmark.class, List.of(
                new Comparison("decode", "lightstreamStream", "arrowJava", Benchmarks::rows, Benchmarks::logicalBytes),
                new Comparison("decode-mem", "lightstreamInMemory", "arrowJava", Benchmarks::rows, Benchmarks::logicalBytes)),
                false));
        s.put("encode", new Suite(EncodeBenchmark.class, List.of(
                new Comparison("encode", "lightstream", "arrowJava", Benchmarks::rows, Benchmarks::logicalBytes),
                new Comparison("vs-memcpy", "lightstream", "memoryCopy", Benchmarks::rows, Benchmarks::logicalBytes)),
                false));
        s.put("file", new Suite(MappedFileBenchmark.class, List.of(
                new Comparison("open", "openLightstreamMapped", "openArrowJava", p -> 0, p -> 0),
                new Comparison("scan-mmap", "scanLightstreamMapped", "scanArrowJava", Benchmarks::rows, Benchmarks::logicalBytes),
                new Comparison("scan-read", "scanLightstreamRead", "scanArrowJava", Benchmarks::rows, Benchmarks::logicalBytes)),
                true));
        s.put("parquet", new Suite(io.lightstream.bench.format.ParquetBenchmark.class, List.of(
                new Comparison("write", "writeLightstream", "writeAvro", Benchmarks::rows, Benchmarks::logicalBytes),
                new Comparison("read", "readLightstream", "readAvro", Benchmarks::rows, Benchmarks::logicalBytes)),
                false));
        s.put("csv", new Suite(io.lightstream.bench.format.CsvBenchmark.class, List.of(
                new Comparison("parse", "parseLightstream", "parseUnivocity", Benchmarks::rows, Benchmarks::logicalBytes)),
                false));
        s.put("flink-source", new Suite(io.lightstream.bench.flink.FlinkSourceBenchmark.class, List.of(
                new Comparison("vs-parquet", "lightstreamSource", "parquetFileSource", Benchmarks::flinkRows,
                        Benchmarks::flinkBytes),
                new Comparison("vs-generated", "lightstreamSource", "generated", Benchmarks::flinkRows,
                        Benchmarks::flinkBytes),
                new Comparison("arrow-file", "arrowFileSource", "parquetFileSource", Benchmarks::flinkRows,
                        Benchmarks::flinkBytes)),
                true, new String[] {"4000000", "1000000"}));
        s.put("flink-sink", new Suite(io.lightstream.bench.flink.FlinkSinkBenchmark.class, List.of(
                new Comparison("vs-discard", "lightstreamSink", "discardingSink", Benchmarks::flinkRows,
                        Benchmarks::flinkBytes)),
                true, new String[] {"4000000", "1000000"}));
        return s;
    }

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>(Arrays.asList(args));
        boolean quick = names.remove("--quick");
        Map<String, Suite> all = suites();
        if (names.isEmpty()) {
            names.addAll(all.keySet());
        }
        for (String name : names) {
            Suite suite = all.get(name);
            if (suite == null) {
                System.err.println("unknown suite '" + name + "'; suites: " + all.keySet());
                System.exit(2);
            }
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .include(suite.benchmark().getName() + "\\.")
                    .forks(1)
                    .jvmArgsAppend("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx6g", "-XX:MaxDirectMemorySize=16g")
                    .shouldFailOnError(true);
            if (suite.singleShot()) {
                o.warmupIterations(quick ? 1 : 2).measurementIterations(quick ? 2 : 5);
                o.param("rows", suite.rows() != null ? suite.rows()[quick ? 1 : 0] : quick ? "10000000" : "100000000");
            } else {
                o.warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                        .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 3));
                o.param("rows", quick ? "65536" : "1000000");
            }
            RatioReport.run(name + " (" + suite.benchmark().getSimpleName() + ")", o, suite.comparisons(), System.out);
        }
    }
}
