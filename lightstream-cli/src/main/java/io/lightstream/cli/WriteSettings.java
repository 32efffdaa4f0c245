package io.lightstream.cli;

import io.lightstream.Compression;
import io.lightstream.Format;
import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.codec.Alignment;
import picocli.CommandLine.Option;

/** Options shared by commands that write: output format, protocol, alignment and compression. */
final class WriteSettings {
    @Option(names = "--output-format", paramLabel = "FORMAT",
            description = "Output format when the extension does not tell: arrow, arrows, lightstream, parquet, csv, json, ndjson.")
    String outputFormat;

    @Option(names = "--output-protocol", paramLabel = "PROTOCOL",
            description = "Protocol on a pipe or network output: arrow (default) or lightstream.")
    String outputProtocol;

    @Option(names = "--compression", paramLabel = "CODEC", defaultValue = "none",
            description = "Body compression: none, zstd, lz4 (Arrow IPC); snappy, gzip, lz4_raw (Parquet). Default: ${DEFAULT-VALUE}.")
    String compression;

    @Option(names = "--alignment", paramLabel = "BYTES", defaultValue = "64",
            description = "IPC frame alignment, 64 (reference Lightstream peers need it) or 8. Default: ${DEFAULT-VALUE}.")
    int alignment;

    @Option(names = "--table", paramLabel = "NAME",
            description = "Table name for Lightstream output (default: the input's table name, else 'table').")
    String table;

    WriteOptions.Builder builder() {
        WriteOptions.Builder b = WriteOptions.builder().compression(Compression.parse(compression))
                .alignment(Alignment.ofBytes(alignment));
        if (outputFormat != null) {
            Format f = Format.parse(outputFormat);
            b.format(f);
            if (f == Format.LIGHTSTREAM) {
                b.protocol(Protocol.LIGHTSTREAM);
            }
        }
        if (outputProtocol != null) {
            b.protocol(Protocol.parse(outputProtocol));
        }
        return b;
    }

    boolean lightstreamOutput(String uri) {
        WriteOptions o = builder().build();
        if (o.protocol() == Protocol.LIGHTSTREAM || o.format() == Format.LIGHTSTREAM) {
            return true;
        }
        io.lightstream.Endpoint e = io.lightstream.Endpoint.parse(uri);
        return e.scheme() == io.lightstream.Endpoint.Scheme.FILE
                && Format.fromFileName(e.path()).orElse(null) == Format.LIGHTSTREAM;
    }
}
