/**
 * Test utilities: Lightstream files of Flink rows written and read through the public API,
 * in-process network peers on loopback, and TLS material.
 */
package io.lightstream.flink.testutils;
