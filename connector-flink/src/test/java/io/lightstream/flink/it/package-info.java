/**
 * MiniCluster integration tests: DataStream and SQL jobs, Flink's connector test suites, failover,
 * savepoints and watermark alignment, all over real Lightstream files.
 */
package io.lightstream.flink.it;
