package io.lightstream.cli;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.Message;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lightstream cat IN}: prints the schema and rows of a file, pipe or endpoint. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = "Print the schema and rows of a file, stdin (-) or endpoint.")
final class CatCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "File path, - for stdin, or a URI.")
    String input;

    @Option(names = "--format", paramLabel = "table|jsonl", defaultValue = "table",
            description = "Row rendering: table (aligned text) or jsonl (one JSON object per row). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--limit", paramLabel = "ROWS", defaultValue = "20",
            description = "Rows to print (-1 for all). Default: ${DEFAULT-VALUE}.")
    long limit;

    @Option(names = "--summary", description = "Print only the schema and totals: rows, batches, messages, bytes.")
    boolean summary;

    @Mixin
    ReadSettings read = new ReadSettings();

    @Mixin
    TransportSettings net = new TransportSettings();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean jsonl = switch (format) {
            case "table" -> false;
            case "jsonl", "json" -> true;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--format must be table or jsonl, got '" + format + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RowRenderer renderer = new RowRenderer(out, jsonl);
        long rows = 0;
        long batches = 0;
        long messages = 0;
        long printed = 0;
        Schema schema;
        long bytes;
        try (LightstreamReader reader = Lightstream.read(input, read.builder(net).build())) {
            schema = reader.schema();
            if (!summary && !jsonl && schema != null) {
                err.println(describe(schema));
            }
            for (Item item = reader.read(); item != null; item = reader.read()) {
                if (item instanceof Batch b) {
                    try (b) {
                        batches++;
                        rows += b.rowCount();
                        if (!summary && (limit < 0 || printed < limit)) {
                            int n = (int) (limit < 0 ? b.rowCount() : Math.min(b.rowCount(), limit - printed));
                            renderer.print(b, n);
                            printed += n;
                        }
                    }
                } else if (item instanceof Message m) {
                    messages++;
                    if (!summary && (limit < 0 || printed < limit)) {
                        out.println("message " + m.name() + " (tag " + m.tag() + "): " + m.payload().length + " bytes");
                        printed++;
                    }
                }
            }
            bytes = reader.bytesRead();
        }
        if (summary) {
            out.println(schema == null ? "schema: (none)" : describe(schema));
            out.println("rows: " + rows);
            out.println("batches: " + batches);
            if (messages > 0) {
                out.println("messages: " + messages);
            }
            out.println("bytes: " + bytes);
        } else if (!jsonl && rows > printed) {
            err.println("(" + rows + " rows in " + batches + " batches; " + printed + " shown)");
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }

    static String describe(Schema schema) {
        StringBuilder sb = new StringBuilder("schema:");
        for (var f : schema.getFields()) {
            sb.append("\n  ").append(f.getName()).append(": ")
                    .append(f.getDictionary() != null ? "indices " : "").append(f.getType());
            if (f.getDictionary() != null) {
                sb.append(" dictionary-encoded (id ").append(f.getDictionary().getId()).append(")");
            }
            if (!f.isNullable()) {
                sb.append(" not null");
            }
        }
        return sb.toString();
    }
}
