package io.lightstream.cli;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.Message;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.transport.TransportListener;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lightstream serve FILE URI}: binds {@code URI} and streams {@code FILE} to every peer that
 * connects, one after another, until stopped (or {@code --count} peers were served).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Bind an endpoint and stream a file to each peer that connects, e.g. "
                + "lightstream serve data.arrow tcp://0.0.0.0:9000")
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The table to serve (any readable format).")
    String file;

    @Parameters(index = "1", paramLabel = "URI", description = "Endpoint to bind, e.g. tcp://0.0.0.0:9000.")
    String uri;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after serving N peers (0: serve until interrupted). Default: ${DEFAULT-VALUE}.")
    int count;

    @Mixin
    WriteSettings write = new WriteSettings();

    @Mixin
    TransportSettings net = new TransportSettings();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Schema schema;
        try (LightstreamReader r = Lightstream.read(file, ReadOptions.DEFAULT)) {
            schema = r.schema();
        }
        boolean lightstreamOut = write.lightstreamOutput(uri, net);
        WriteOptions options = write.builder(net).build();
        try (TransportListener listener = TransportListener.sending(uri, net.options())) {
            err.println("serving " + file + " on " + uri + (listener.port() > 0 ? " (port " + listener.port() + ")" : ""));
            err.flush();
            for (int served = 0; count == 0 || served < count; served++) {
                long rows = 0;
                try (LightstreamWriter out = listener.acceptWriter(lightstreamOut ? null : schema, options);
                        LightstreamReader in = Lightstream.read(file, ReadOptions.DEFAULT)) {
                    for (Item item = in.read(); item != null; item = in.read()) {
                        if (item instanceof Batch b) {
                            try (b) {
                                if (lightstreamOut) {
                                    out.write(write.table != null ? write.table : b.name() != null ? b.name() : "table",
                                            b.root(), b.dictionaries());
                                } else {
                                    out.write(b.root(), b.dictionaries(), b.metadata());
                                }
                                rows += b.rowCount();
                            }
                        } else if (item instanceof Message m && lightstreamOut) {
                            out.writeMessage(m.name(), m.payload());
                        }
                    }
                } catch (io.lightstream.TransportException e) {
                    // One peer going away must not stop the server.
                    err.println("peer " + (served + 1) + ": " + e.getMessage());
                    err.flush();
                    continue;
                }
                err.println("peer " + (served + 1) + ": sent " + rows + " rows");
                err.flush();
            }
        }
        return ExitCodes.OK;
    }
}
