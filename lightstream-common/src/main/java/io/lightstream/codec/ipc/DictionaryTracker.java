package io.lightstream.codec.ipc;

import io.lightstream.ProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.compare.Range;
import org.apache.arrow.vector.compare.RangeEqualsVisitor;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writer-side state of the dictionaries of one stream: which ids the schema uses, what each
 * dictionary held when last sent, and what a new batch requires to be sent first.
 *
 * <p>Before each batch the caller asks {@link #pending} which dictionary batches to write: a full
 * dictionary the first time, then nothing while it is unchanged, a <em>delta</em> (only the new
 * entries) when the old entries are a prefix of the new ones, or a <em>replacement</em> otherwise
 * (refused where replacements are not allowed, i.e. in IPC files).
 *
 * <p>Wire ids: by default top-level dictionary columns are renumbered to their column index and
 * nested ones to ids after the last column, because the reference Lightstream reader looks
 * dictionaries up by column position. With {@code preserveIds} the schema's ids are kept.
 *
 * <p>Not thread-safe. Holds copies of the sent dictionaries until {@link #close()}.
 */
final class DictionaryTracker implements AutoCloseable {
    /** One dictionary batch to write before the next record batch. Owns {@code values} if {@code owned}. */
    record Pending(long wireId, FieldVector values, boolean delta, boolean owned) {}

    private final BufferAllocator allocator;
    private final Schema schema;
    private final boolean preserveIds;
    private final Map<Long, Long> wireIdByUserId = new LinkedHashMap<>();
    private final Map<Long, String> fieldNameByUserId = new HashMap<>();
    private final Map<Long, FieldVector> sent = new HashMap<>();

    /** @param schema the batches' schema in Arrow Java's memory format (index types on encoded fields) */
    DictionaryTracker(Schema schema, boolean preserveIds, BufferAllocator allocator) {
        this.allocator = allocator;
        this.schema = schema;
        this.preserveIds = preserveIds;
        List<Field> fields = schema.getFields();
        long[] next = {fields.size()};
        for (int i = 0; i < fields.size(); i++) {
            assignIds(fields.get(i), i, next);
        }
    }

    private void assignIds(Field field, long columnIndex, long[] next) {
        DictionaryEncoding enc = field.getDictionary();
        if (enc != null && !wireIdByUserId.containsKey(enc.getId())) {
            long wireId = preserveIds ? enc.getId() : columnIndex >= 0 ? columnIndex : next[0]++;
            wireIdByUserId.put(enc.getId(), wireId);
            fieldNameByUserId.put(enc.getId(), field.getName());
        }
        for (Field c : field.getChildren()) {
            assignIds(c, -1, next);
        }
    }

    /**
     * The schema as written (Arrow's message format): encoded fields carry their dictionary's value
     * type and the wire id.
     *
     * @throws ProtocolException a dictionary-encoded column has no dictionary in {@code provider}
     */
    Schema wireSchema(DictionaryProvider provider) throws ProtocolException {
        if (wireIdByUserId.isEmpty()) {
            return schema;
        }
        List<Field> out = new ArrayList<>();
        for (Field f : schema.getFields()) {
            out.add(toMessageFormat(f, provider));
        }
        return new Schema(out, schema.getCustomMetadata());
    }

    private Field toMessageFormat(Field field, DictionaryProvider provider) throws ProtocolException {
        DictionaryEncoding enc = field.getDictionary();
        List<Field> children = new ArrayList<>();
        if (enc == null) {
            for (Field c : field.getChildren()) {
                children.add(toMessageFormat(c, provider));
            }
            return new Field(field.getName(), field.getFieldType(), children);
        }
        Dictionary d = lookup(provider, enc.getId());
        Field valueField = d.getVector().getField();
        for (Field c : valueField.getChildren()) {
            children.add(toMessageFormat(c, provider));
        }
        DictionaryEncoding wireEnc = new DictionaryEncoding(wireIdByUserId.get(enc.getId()), enc.isOrdered(),
                enc.getIndexType());
        return new Field(field.getName(),
                new FieldType(field.isNullable(), valueField.getType(), wireEnc, field.getMetadata()), children);
    }

    private Dictionary lookup(DictionaryProvider provider, long userId) throws ProtocolException {
        Dictionary d = provider == null ? null : provider.lookup(userId);
        if (d == null) {
            throw new ProtocolException("column '" + fieldNameByUserId.get(userId) + "' is dictionary-encoded (id "
                    + userId + ") but no dictionary with that id was given");
        }
        return d;
    }

    boolean hasDictionaries() {
        return !wireIdByUserId.isEmpty();
    }

    /**
     * The dictionary batches to write before a batch whose dictionaries are {@code provider}.
     * The caller writes them, then calls {@link #sentAll(List)}.
     *
     * @param allowReplacement false for IPC files, where a changed dictionary must be a pure extension
     */
    List<Pending> pending(DictionaryProvider provider, boolean allowReplacement) throws ProtocolException {
        List<Pending> out = new ArrayList<>();
        for (Map.Entry<Long, Long> e : wireIdByUserId.entrySet()) {
            long userId = e.getKey();
            Dictionary d = lookup(provider, userId);
            FieldVector now = d.getVector();
            FieldVector before = sent.get(userId);
            if (before == null) {
                out.add(new Pending(e.getValue(), now, false, false));
                continue;
            }
            int oldCount = before.getValueCount();
            int newCount = now.getValueCount();
            if (newCount == oldCount && equalRange(before, now, oldCount)) {
                continue;
            }
            if (newCount > oldCount && equalRange(before, now, oldCount)) {
                FieldVector delta = DictionaryValues.range(allocator, now.getField(), now, oldCount, newCount - oldCount);
                out.add(new Pending(e.getValue(), delta, true, true));
                continue;
            }
            if (!allowReplacement) {
                releaseOwned(out);
                throw new ProtocolException("dictionary of column '" + fieldNameByUserId.get(userId)
                        + "' changed other than by appending entries; the Arrow IPC file format allows only deltas");
            }
            out.add(new Pending(e.getValue(), now, false, false));
        }
        return out;
    }

    /** Where {@link #writeChanges} puts dictionary messages: the writer's current position and its output. */
    interface MessageOutput {
        long position();

        void write(EncodedMessage message) throws IOException;
    }

    /**
     * Writes the dictionary batches a batch with {@code provider} needs (see {@link #pending}) to
     * {@code out} and records them as sent.
     */
    void writeChanges(DictionaryProvider provider, boolean allowReplacement, IpcMessageEncoder encoder,
            MessageOutput out) throws IOException {
        if (!hasDictionaries()) {
            return;
        }
        List<Pending> pending = pending(provider, allowReplacement);
        try {
            for (Pending p : pending) {
                try (EncodedMessage m = encoder.dictionaryBatch(p.wireId(), p.values(), p.delta(), out.position())) {
                    out.write(m);
                }
            }
        } catch (IOException | RuntimeException e) {
            releaseOwned(pending);
            throw e;
        }
        sentAll(pending, provider);
    }

    /** Records that {@code written} reached the wire and releases the owned delta vectors. */
    void sentAll(List<Pending> written, DictionaryProvider provider) {
        for (Map.Entry<Long, Long> e : wireIdByUserId.entrySet()) {
            for (Pending p : written) {
                if (p.wireId() == e.getValue()) {
                    FieldVector current = provider.lookup(e.getKey()).getVector();
                    FieldVector copy = DictionaryValues.concat(allocator, current.getField(), current);
                    FieldVector old = sent.put(e.getKey(), copy);
                    if (old != null) {
                        old.close();
                    }
                    break;
                }
            }
        }
        releaseOwned(written);
    }

    static void releaseOwned(List<Pending> pending) {
        for (Pending p : pending) {
            if (p.owned()) {
                p.values().close();
            }
        }
    }

    private static boolean equalRange(FieldVector a, FieldVector b, int count) {
        if (count == 0) {
            return true;
        }
        if (!a.getField().getType().equals(b.getField().getType())) {
            return false;
        }
        return new RangeEqualsVisitor(a, b).rangeEquals(new Range(0, 0, count));
    }

    @Override
    public void close() {
        try {
            AutoCloseables.close(sent.values());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            sent.clear();
        }
    }
}
