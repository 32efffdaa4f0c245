package io.lightstream.io;

import io.lightstream.ProtocolException;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.codec.StreamDecoder;
import io.lightstream.codec.ipc.IpcStreamDecoder;
import io.lightstream.protocol.LightstreamDecoder;
import io.lightstream.protocol.TypeRegistry;
import org.apache.arrow.memory.BufferAllocator;

/** Creates the push decoder for a protocol. */
public final class StreamDecoders {
    private StreamDecoders() {}

    /**
     * A decoder of {@code protocol} allocating from {@code allocator}, with the options' limits,
     * validation level and (Lightstream) registrations.
     */
    public static StreamDecoder create(Protocol protocol, ReadOptions options, BufferAllocator allocator)
            throws ProtocolException {
        return switch (protocol) {
            case ARROW -> new IpcStreamDecoder(allocator, options.limits(), options.validateFull());
            case LIGHTSTREAM -> new LightstreamDecoder(allocator, options.limits(),
                    TypeRegistry.of(options.registrations()), options.validateFull());
        };
    }
}
