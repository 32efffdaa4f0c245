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
 * writes it as a 64-byte aligned Arrow IPC file, Arrow IPC stream and Lightstream frame file, sends
 * it over loopback TCP (both protocols), a Unix socket and WebSocket, reads everything back, checks
 * that every row survived and prints the first rows.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a sample table, write it as 64-byte aligned Arrow file, Arrow stream and "
                + "Lightstream frames, send it over TCP, a Unix socket and WebSocket, read everything back, "
                + "verify and print it.")
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
        out.println("Over the network (loopback), reader connecting to a writer that accepts:");
        out.printf("%-38s %10s %12s%n", "endpoint", "rows", "checksum");
        for (String[] leg : networkLegs(where)) {
            long[] got = sendAndReceive(where.resolve("sample.arrow").toString(), leg[0], io.lightstream.Protocol.parse(leg[1]));
            boolean same = got[0] == rows && got[1] == checksum;
            ok &= same;
            String label = leg[0].startsWith("uds://") ? "uds://…/demo.sock" : leg[0];
            out.printf("%-38s %,10d %12x %s%n", label + " (" + leg[1] + ")", got[0], got[1], same ? "ok" : "MISMATCH");
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
        out.println(ok ? "Every file and endpoint read back with all rows and the same checksum."
                : "Some files or endpoints did not read back intact.");
        out.println("Try: bin/lightstream cat " + where.resolve("sample.tlv") + " --summary");
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.MALFORMED;
    }

    private static List<String[]> networkLegs(Path where) throws java.io.IOException {
        List<String[]> legs = new ArrayList<>();
        legs.add(new String[] {"tcp://127.0.0.1:" + freePort(), "arrow"});
        legs.add(new String[] {"tcp://127.0.0.1:" + freePort(), "lightstream"});
        legs.add(new String[] {"uds://" + where.resolve("demo.sock").toAbsolutePath(), "arrow"});
        legs.add(new String[] {"ws://127.0.0.1:" + freePort() + "/demo", "arrow"});
        return legs;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Sends the file to {@code uri} from a thread that accepts, reads it back here; returns rows and checksum. */
    private static long[] sendAndReceive(String file, String uri, io.lightstream.Protocol protocol) throws Exception {
        io.lightstream.transport.TransportOptions accept = io.lightstream.transport.TransportOptions.builder()
                .accept(true).build();
        java.util.concurrent.CompletableFuture<Void> sender = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (LightstreamReader in = Lightstream.read(file);
                    LightstreamWriter w = Lightstream.write(uri, protocol == io.lightstream.Protocol.ARROW ? in.schema() : null,
                            WriteOptions.builder().protocol(protocol).transport(accept).build())) {
                for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                    try (Batch batch = b) {
                        if (protocol == io.lightstream.Protocol.ARROW) {
                            w.write(batch.root(), batch.dictionaries());
                        } else {
                            w.write("sample", batch.root(), batch.dictionaries());
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long rows = 0;
        long sum = 0;
        io.lightstream.transport.TransportOptions connect = io.lightstream.transport.TransportOptions.builder()
                .connectRetries(50).retryBackoff(java.time.Duration.ofMillis(20)).build();
        try (LightstreamReader r = Lightstream.read(uri, ReadOptions.builder().protocol(protocol).transport(connect).build())) {
            for (Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                try (Batch batch = b) {
                    rows += batch.rowCount();
                    sum += checksum(batch.root());
                }
            }
        }
        sender.get(60, java.util.concurrent.TimeUnit.SECONDS);
        return new long[] {rows, sum};
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
