package io.lightstream.bench.flink;

/** What the benchmark runner needs to know of the Flink suites. Stateless. */
public final class FlinkSuites {
    private FlinkSuites() {}

    /** Rows one job of the Flink suites moves for {@code shape} when the row parameter is {@code rows}. */
    public static long rowsPerJob(String shape, long rows) {
        return ShapeRows.rowsFor(shape, rows);
    }
}
