package io.lightstream.cli;

import io.lightstream.Format;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by commands that read: input format, protocol and Lightstream registrations. */
final class ReadSettings {
    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "Input format when the extension does not tell: arrow, arrows, lightstream, parquet, csv, json, ndjson.")
    String inputFormat;

    @Option(names = "--input-protocol", paramLabel = "PROTOCOL",
            description = "Protocol on a pipe or network input: arrow (default) or lightstream.")
    String inputProtocol;

    @Option(names = "--register", paramLabel = "KIND:NAME", split = ",",
            description = "Lightstream registrations in tag order, e.g. message:event,table:metrics. "
                    + "Without any, tags are discovered and named tag<N>.")
    List<String> registrations = new ArrayList<>();

    @Option(names = "--validate-full", description = "Also check UTF-8 and every offset in detail.")
    boolean validateFull;

    @Option(names = "--schema-of", paramLabel = "FILE",
            description = "Take the schema from this file (any readable format): JSON input needs one, CSV input may use one.")
    String schemaOf;

    ReadOptions.Builder builder(TransportSettings net) {
        ReadOptions.Builder b = ReadOptions.builder().validateFull(validateFull).transport(net.options());
        if (net.protocol != null) {
            b.protocol(io.lightstream.Protocol.parse(net.protocol));
        }
        if (schemaOf != null) {
            try (io.lightstream.LightstreamReader r = io.lightstream.Lightstream.read(schemaOf)) {
                b.schema(r.schema());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read the schema of " + schemaOf + ": " + e.getMessage(), e);
            }
        }
        if (inputFormat != null) {
            Format f = Format.parse(inputFormat);
            b.format(f);
            if (f == Format.LIGHTSTREAM) {
                b.protocol(Protocol.LIGHTSTREAM);
            }
        }
        if (inputProtocol != null) {
            b.protocol(Protocol.parse(inputProtocol));
        }
        for (String r : registrations) {
            int colon = r.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("registration '" + r + "' must be message:NAME or table:NAME");
            }
            String kind = r.substring(0, colon).trim();
            String name = r.substring(colon + 1).trim();
            switch (kind) {
                case "message" -> b.registerMessage(name);
                case "table" -> b.registerTable(name);
                default -> throw new IllegalArgumentException("registration kind must be message or table, got '" + kind + "'");
            }
        }
        return b;
    }
}
