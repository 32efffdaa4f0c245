/** Test utilities: Lightstream files of Flink rows written and read through the public API. */
package io.lightstream.flink.testutils;
