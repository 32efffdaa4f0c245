/**
 * Flink benchmarks, run on an in-process MiniCluster at parallelism 1 (so every rate is per
 * subtask): the Lightstream source against rows generated inside Flink and against Flink's own
 * vectorised Parquet reader, the Arrow IPC file format against that Parquet reader, and the
 * Lightstream sink against a discarding sink, each on the four shapes of {@link
 * io.lightstream.sample.SampleShape}.
 */
package io.lightstream.bench.flink;
