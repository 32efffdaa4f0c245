package io.lightstream.cli;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.sample.SampleShape;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightstream demo}: the end-to-end tour on embedded defaults. Generates a sample table,
 * writes it as a 64-byte aligned Arrow IPC file, Arrow IPC stream and Lightstream frame file,
 * reads each back, checks that every row survived and prints the first rows.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a sample table, write it as 64-byte aligned Arrow file, Arrow stream and "
                + "Lightstream frames, read each back, verify and print it.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "200000", paramLabel = "N", description = "Rows. Default: ${DEFAULT-VALUE}.")
    int rows;

    @Option(names = "--shape", defaultValue = "mixed", paramLabel = "SHAPE",
            description = "mixed, numeric, strings or wide. Default: ${DEFAULT-VALUE}.")
    String shape;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the files (default: a new temporary directory).")
    Path dir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SampleShape s = SampleShape.parse(shape);
        Path where = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("lightstream-demo");
        out.printf("Lightstream demo: %,d rows of the '%s' shape in %s%n%n", rows, s.id(), where);
        List<String> files = List.of("sample.arrow", "sample.arrows", "sample.tlv");
        long checksum;
        try (BufferAllocator allocator = new RootAllocator();
                SampleShape.Dictionaries dictionaries = s.dictionaries(allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(s.schema(), allocator)) {
            checksum = 0;
            List<LightstreamWriter> writers = new ArrayList<>();
            try {
                for (String f : files) {
                    boolean tlv = f.endsWith(".tlv");
                    writers.add(Lightstream.write(where.resolve(f).toString(), tlv ? null : s.schema(),
                            WriteOptions.builder().dictionaries(dictionaries).build()));
                }
                int batchRows = 50_000;
                for (int first = 0; first < rows; first += batchRows) {
                    int n = Math.min(batchRows, rows - first);
                    s.fill(root, first, n);
                    checksum += checksum(root);
                    for (LightstreamWriter w : writers) {
                        if (w.schema() == null) {
                            w.write(s.id(), root, dictionaries);
                        } else {
                            w.write(root, dictionaries, Map.of());
                        }
                    }
                }
            } finally {
                for (LightstreamWriter w : writers) {
                    w.close();
                }
            }
        }
        out.printf("%-15s %12s %10s %8s %12s%n", "file", "bytes", "rows", "batches", "checksum");
        boolean ok = true;
        for (String f : files) {
            Path p = where.resolve(f);
            long readRows = 0;
            long batches = 0;
            long sum = 0;
            try (LightstreamReader r = Lightstream.read(p.toString(), ReadOptions.DEFAULT)) {
                for (Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                    try (Batch batch = b) {
                        readRows += batch.rowCount();
                        batches++;
                        sum += checksum(batch.root());
                    }
                }
            }
            boolean same = readRows == rows && sum == checksum;
            ok &= same;
            out.printf("%-15s %,12d %,10d %8d %12x %s%n", f, Files.size(p), readRows, batches, sum, same ? "ok" : "MISMATCH");
        }
        out.println();
        out.println("First rows of sample.arrow:");
        out.flush();
        CatCommand cat = new CatCommand();
        cat.input = where.resolve("sample.arrow").toString();
        cat.format = "table";
        cat.limit = 5;
        cat.spec = spec;
        cat.net = new TransportSettings();
        cat.call();
        out.println();
        out.println(ok ? "Every file read back with all rows and the same checksum." : "Some files did not read back intact.");
        out.println("Try: bin/lightstream cat " + where.resolve("sample.tlv") + " --summary");
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.MALFORMED;
    }

    /** A value checksum over every column (order-sensitive within a batch). */
    static long checksum(VectorSchemaRoot root) {
        long h = 1;
        for (var v : root.getFieldVectors()) {
            for (int i = 0; i < v.getValueCount(); i++) {
                h = 31 * h + v.hashCode(i);
            }
        }
        return h;
    }
}
