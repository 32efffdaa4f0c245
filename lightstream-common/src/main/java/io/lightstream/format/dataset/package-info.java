/**
 * Chunked datasets: directories of {@code <base>-<index><ext>} files read as one table and written
 * with a rows-per-file limit, independent of the file format (each format supplies a per-chunk
 * opener).
 */
package io.lightstream.format.dataset;
