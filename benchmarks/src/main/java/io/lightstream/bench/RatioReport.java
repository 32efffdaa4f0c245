package io.lightstream.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * Runs a JMH benchmark class and prints each of our figures beside its peer's, measured in the
 * same run, with the ratio: the only kind of comparison these shared, noisy machines allow.
 */
public final class RatioReport {
    private RatioReport() {}

    /** Runs {@code options} (which select the benchmark class) and prints the comparisons. */
    public static Collection<RunResult> run(String title, ChainedOptionsBuilder options, List<Comparison> comparisons,
            PrintStream out) throws RunnerException {
        Collection<RunResult> results = new Runner(options.build()).run();
        print(title, results, comparisons, out);
        return results;
    }

    /** Prints the comparison table for finished results. */
    public static void print(String title, Collection<RunResult> results, List<Comparison> comparisons, PrintStream out) {
        Map<String, Map<String, RunResult>> byParams = new TreeMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            byParams.computeIfAbsent(paramKey(r), k -> new LinkedHashMap<>()).put(method, r);
        }
        out.println();
        out.println("== " + title + " ==");
        out.printf("%-34s %-12s %16s %16s %9s %12s %12s%n", "parameters", "comparison", "ours", "peer", "ratio",
                "ours rows/s", "ours GiB/s");
        for (Map.Entry<String, Map<String, RunResult>> e : byParams.entrySet()) {
            for (Comparison c : comparisons) {
                RunResult ours = e.getValue().get(c.ours());
                RunResult peer = e.getValue().get(c.peer());
                if (ours == null || peer == null) {
                    continue;
                }
                double o = opsPerSecond(ours);
                double p = opsPerSecond(peer);
                Map<String, String> params = params(ours);
                double rows = c.rowsPerOp().applyAsDouble(params) * o;
                double gib = c.bytesPerOp().applyAsDouble(params) * o / (1L << 30);
                out.printf("%-34s %-12s %16s %16s %8.2fx %12s %12s%n", e.getKey(), c.label(),
                        describe(ours, c.ours()), describe(peer, c.peer()), o / p,
                        rows > 0 ? String.format("%,.0f", rows) : "-", gib > 0 ? String.format("%.2f", gib) : "-");
            }
        }
        out.println("(ratio = our operations per second / the peer's, same run; > 1 means faster)");
    }

    private static String describe(RunResult r, String name) {
        return name + " " + format(opsPerSecond(r));
    }

    private static String format(double opsPerSecond) {
        return opsPerSecond >= 100 ? String.format("%,.0f/s", opsPerSecond) : String.format("%.3f/s", opsPerSecond);
    }

    /** The primary score as operations per second, whatever the benchmark mode. */
    static double opsPerSecond(RunResult r) {
        double score = r.getPrimaryResult().getScore();
        String unit = r.getPrimaryResult().getScoreUnit();
        Mode mode = r.getParams().getMode();
        double perSecond;
        if (mode == Mode.Throughput) {
            perSecond = score * factor(unit.substring(unit.indexOf('/') + 1));
        } else {
            perSecond = factor(unit.substring(0, unit.indexOf('/'))) / score;
        }
        return perSecond;
    }

    private static double factor(String unit) {
        return switch (unit) {
            case "s", "op" -> 1;
            case "ms" -> 1e3;
            case "us" -> 1e6;
            case "ns" -> 1e9;
            default -> 1;
        };
    }

    private static Map<String, String> params(RunResult r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : r.getParams().getParamsKeys()) {
            m.put(k, r.getParams().getParam(k));
        }
        return m;
    }

    private static String paramKey(RunResult r) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : params(r).entrySet()) {
            parts.add(e.getKey() + "=" + e.getValue());
        }
        return String.join(" ", parts);
    }
}
