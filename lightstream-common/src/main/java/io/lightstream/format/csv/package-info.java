/**
 * CSV as Arrow batches: a byte-level tokenizer ({@code CsvTokenizer}) feeding per-type parsers that
 * write straight into Arrow vectors, type inference over the first rows, and a writer with the
 * reference library's quoting rules.
 */
package io.lightstream.format.csv;
