package io.lightstream.cli;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.Message;
import io.lightstream.ProtocolException;
import io.lightstream.WriteOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lightstream convert IN OUT}: copies batches (and Lightstream messages) between any two formats or endpoints. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Copy a table between formats, files, pipes (-) and endpoints, e.g. "
                + "lightstream convert data.arrow data.arrows")
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Source: file, - for stdin, or URI.")
    String input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Destination: file, - for stdout, or URI.")
    String output;

    @Mixin
    ReadSettings read = new ReadSettings();

    @Mixin
    WriteSettings write = new WriteSettings();

    @Mixin
    TransportSettings net = new TransportSettings();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long rows = 0;
        long batches = 0;
        long messages = 0;
        boolean lightstreamOut = write.lightstreamOutput(output, net);
        try (LightstreamReader reader = Lightstream.read(input, read.builder(net).build())) {
            Schema schema = reader.schema();
            WriteOptions options = write.builder(net).build();
            try (LightstreamWriter writer = Lightstream.write(output, lightstreamOut ? null : schema, options)) {
                for (Item item = reader.read(); item != null; item = reader.read()) {
                    if (item instanceof Batch b) {
                        try (b) {
                            if (lightstreamOut) {
                                String table = write.table != null ? write.table : b.name() != null ? b.name() : "table";
                                writer.write(table, b.root(), b.dictionaries());
                            } else {
                                if (schema != null && !sameColumns(schema, b.schema())) {
                                    throw new ProtocolException("batch " + b.sequence() + (b.name() == null ? "" : " of table '"
                                            + b.name() + "'") + " has a different schema than the first; only Lightstream "
                                            + "output can carry several tables");
                                }
                                writer.write(b.root(), b.dictionaries(), b.metadata());
                            }
                            rows += b.rowCount();
                            batches++;
                        }
                    } else if (item instanceof Message m) {
                        if (!lightstreamOut) {
                            throw new ProtocolException("the input carries Lightstream message '" + m.name()
                                    + "', which only Lightstream output can carry");
                        }
                        writer.writeMessage(m.name(), m.payload());
                        messages++;
                    }
                }
            }
        }
        if (!"-".equals(output) && !output.startsWith("stdio")) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("converted " + rows + " rows in " + batches + " batches"
                    + (messages > 0 ? " and " + messages + " messages" : "") + " to " + output);
            err.flush();
        }
        return ExitCodes.OK;
    }

    private static boolean sameColumns(Schema a, Schema b) {
        if (a.getFields().size() != b.getFields().size()) {
            return false;
        }
        for (int i = 0; i < a.getFields().size(); i++) {
            if (!a.getFields().get(i).getType().equals(b.getFields().get(i).getType())) {
                return false;
            }
        }
        return true;
    }
}
