/**
 * JSON as Arrow batches: newline-delimited objects ({@code .jsonl}, {@code .ndjson}) and arrays of
 * objects ({@code .json}), written and read with Jackson's streaming API straight from and into
 * Arrow vectors. Reading needs a declared schema; values that do not fit it follow a {@link
 * io.lightstream.format.json.MismatchPolicy}.
 */
package io.lightstream.format.json;
