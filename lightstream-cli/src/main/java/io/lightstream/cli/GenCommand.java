package io.lightstream.cli;

import io.lightstream.Lightstream;
import io.lightstream.LightstreamWriter;
import io.lightstream.sample.SampleShape;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lightstream gen OUT}: writes one of the four benchmark shapes. */
@Command(name = "gen", mixinStandardHelpOptions = true,
        description = "Generate a sample table (the benchmark shapes: mixed, numeric, strings, wide).")
final class GenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUT", description = "Destination: file, - for stdout, or URI.")
    String output;

    @Option(names = "--shape", defaultValue = "mixed", paramLabel = "SHAPE",
            description = "mixed, numeric, strings or wide. Default: ${DEFAULT-VALUE}.")
    String shape;

    @Option(names = "--rows", defaultValue = "100000", paramLabel = "N", description = "Rows in total. Default: ${DEFAULT-VALUE}.")
    long rows;

    @Option(names = "--batch-rows", defaultValue = "65536", paramLabel = "N",
            description = "Rows per batch. Default: ${DEFAULT-VALUE}.")
    int batchRows;

    @Mixin
    WriteSettings write = new WriteSettings();

    @Mixin
    TransportSettings net = new TransportSettings();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rows < 0 || batchRows < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rows must be >= 0 and --batch-rows >= 1");
        }
        SampleShape s = SampleShape.parse(shape);
        try (BufferAllocator allocator = new RootAllocator();
                SampleShape.Dictionaries dictionaries = s.dictionaries(allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(s.schema(), allocator)) {
            boolean lightstreamOut = write.lightstreamOutput(output, net);
            try (LightstreamWriter writer = Lightstream.write(output, lightstreamOut ? null : s.schema(),
                    write.builder(net).dictionaries(dictionaries).build())) {
                for (long first = 0; first < rows; first += batchRows) {
                    int n = (int) Math.min(batchRows, rows - first);
                    s.fill(root, first, n);
                    if (lightstreamOut) {
                        writer.write(write.table != null ? write.table : s.id(), root, dictionaries);
                    } else {
                        writer.write(root, dictionaries, Map.of());
                    }
                }
            }
        }
        if (!"-".equals(output) && !output.startsWith("stdio")) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("wrote " + rows + " rows of shape " + s.id() + " to " + output);
            err.flush();
        }
        return ExitCodes.OK;
    }
}
