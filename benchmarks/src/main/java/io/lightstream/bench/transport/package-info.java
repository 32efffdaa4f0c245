/** Loopback throughput of the network transports against Arrow Java over a socket and the raw link. */
package io.lightstream.bench.transport;
