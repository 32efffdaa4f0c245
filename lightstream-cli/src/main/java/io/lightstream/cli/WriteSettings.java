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

    @Option(names = "--output-register", paramLabel = "KIND:NAME", split = ",",
            description = "Lightstream registrations of the output in tag order (message:NAME, table:NAME); "
                    + "without any, names are registered on first use. Required with --parallel above 1.")
    java.util.List<String> registrations = new java.util.ArrayList<>();

    @Option(names = "--table", paramLabel = "NAME",
            description = "Table name for Lightstream output (default: the input's table name, else 'table').")
    String table;

    WriteOptions.Builder builder(TransportSettings net) {
        WriteOptions.Builder b = WriteOptions.builder().compression(Compression.parse(compression))
                .alignment(Alignment.ofBytes(alignment)).transport(net.options());
        if (net.protocol != null) {
            b.protocol(Protocol.parse(net.protocol));
        }
        for (String r : registrations) {
            int colon = r.indexOf(':');
            String kind = colon < 0 ? "" : r.substring(0, colon).trim();
            String name = colon < 0 ? "" : r.substring(colon + 1).trim();
            switch (kind) {
                case "message" -> b.registerMessage(name);
                case "table" -> b.registerTable(name, null);
                default -> throw new IllegalArgumentException("registration '" + r + "' must be message:NAME or table:NAME");
            }
        }
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

    /** Whether {@code uri} receives Lightstream frames: by format for files, by protocol for pipes and networks. */
    boolean lightstreamOutput(String uri, TransportSettings net) {
        WriteOptions o = builder(net).build();
        io.lightstream.Endpoint e = io.lightstream.Endpoint.parse(uri);
        if (e.scheme() == io.lightstream.Endpoint.Scheme.FILE) {
            Format f = o.format() != null ? o.format() : Format.fromFileName(e.path()).orElse(null);
            return f == Format.LIGHTSTREAM;
        }
        return o.protocol() == Protocol.LIGHTSTREAM || o.format() == Format.LIGHTSTREAM;
    }
}
