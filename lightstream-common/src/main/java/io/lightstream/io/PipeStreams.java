package io.lightstream.io;

import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import java.io.IOException;
import org.apache.arrow.vector.types.pojo.Schema;

/** Readers of standard input and writers of standard output. */
public final class PipeStreams {
    private PipeStreams() {}

    public static LightstreamReader openStdinReader(ReadOptions options) throws IOException {
        throw new UnsupportedOperationException("stdio is not built yet");
    }

    public static LightstreamWriter openStdoutWriter(Schema schema, WriteOptions options) throws IOException {
        throw new UnsupportedOperationException("stdio is not built yet");
    }
}
