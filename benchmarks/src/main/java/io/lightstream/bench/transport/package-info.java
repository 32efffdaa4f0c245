/**
 * Loopback transport benchmarks: throughput of the network transports against Arrow Java over a
 * socket, Arrow Flight Java and the raw link, and the per-batch delivery time of the TCP reader.
 */
package io.lightstream.bench.transport;
