package io.lightstream.transport;

import io.lightstream.Endpoint;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.TransportException;
import io.lightstream.WriteOptions;
import org.apache.arrow.vector.types.pojo.Schema;

/** Opens readers and writers on network endpoints. */
public final class Transports {
    private Transports() {}

    public static LightstreamReader openReader(Endpoint endpoint, ReadOptions options) throws TransportException {
        throw new TransportException(endpoint.scheme().id(), endpoint.address(), "network transports are not built yet");
    }

    public static LightstreamWriter openWriter(Endpoint endpoint, Schema schema, WriteOptions options)
            throws TransportException {
        throw new TransportException(endpoint.scheme().id(), endpoint.address(), "network transports are not built yet");
    }
}
