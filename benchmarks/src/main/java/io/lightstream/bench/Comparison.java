package io.lightstream.bench;

import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One line of a benchmark report: our benchmark method beside its peer's, in the same JMH run.
 *
 * @param label what is compared, e.g. "decode"
 * @param ours the benchmark method measuring this project
 * @param peer the benchmark method measuring the peer (Arrow Java, a plain memory copy, ...)
 * @param rowsPerOp rows one operation moves, from the benchmark parameters (0 if not meaningful)
 * @param bytesPerOp payload bytes one operation moves, from the parameters (0 if not meaningful)
 */
public record Comparison(String label, String ours, String peer, ToDoubleFunction<Map<String, String>> rowsPerOp,
        ToDoubleFunction<Map<String, String>> bytesPerOp) {}
