package io.lightstream.format.parquet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.Base64;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code ARROW:schema} key-value entry of a Parquet footer: the Arrow schema as a base64
 * encoded IPC schema message, the convention of Arrow C++ and pyarrow.
 *
 * <p>It lets a reader restore what Parquet's own types cannot say: dictionary encoding, large and
 * view string types, time zones, second-unit timestamps and times, date64, durations, fixed-size
 * lists, and custom field metadata. Stateless.
 */
final class ArrowSchemaMetadata {
    static final String KEY = "ARROW:schema";

    private ArrowSchemaMetadata() {}

    static String encode(Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize schema", e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** The stored schema, or null when the value does not decode (a foreign or damaged entry is ignored). */
    static Schema decode(String value) {
        if (value == null) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(value.trim());
            return MessageSerializer.deserializeSchema(
                    new ReadChannel(Channels.newChannel(new ByteArrayInputStream(bytes))));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
