package io.lightstream.codec.ipc;

import java.nio.ByteBuffer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.memory.ArrowBuf;

/**
 * One framed IPC message: parsed metadata and the body bytes, not yet interpreted.
 *
 * <p>Owns one reference on {@code body} (null for messages without a body) until passed on or
 * {@link #close() closed}.
 *
 * @param offset byte offset of the frame in its stream, file or payload
 * @param frameLength bytes the frame occupied, padding included
 * @param metadataBuffer the flatbuffer bytes {@code message} reads from
 */
record RawMessage(long offset, Message message, ByteBuffer metadataBuffer, ArrowBuf body, long frameLength)
        implements AutoCloseable {

    byte headerType() {
        return message.headerType();
    }

    @Override
    public void close() {
        if (body != null) {
            body.close();
        }
    }
}
