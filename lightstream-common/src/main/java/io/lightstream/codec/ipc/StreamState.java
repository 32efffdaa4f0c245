package io.lightstream.codec.ipc;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.DecodeLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;

/**
 * The reader-side state of one IPC stream (or one Lightstream table): the schema, the dictionaries
 * in force and the batch counter. Interprets framed messages into {@link Batch}es.
 *
 * <p>Dictionaries are keyed by id, as the Arrow format defines; the reference Lightstream writer
 * uses the column position as id, which this handles without special cases. Replacement and delta
 * dictionaries are supported; earlier batches keep the dictionaries they were decoded with.
 *
 * <p>Not thread-safe; the batches it returns are independent of it.
 */
final class StreamState implements AutoCloseable {
    private final BufferAllocator allocator;
    private final BatchLoader loader;
    private final DecodeLimits limits;
    private final boolean allowSchemaReplacement;
    private final String name;
    private Schema messageSchema;
    private Schema memorySchema;
    private final Map<Long, Field> valueFields = new HashMap<>();
    private final Map<Long, DictionarySnapshot.Shared> dictionaries = new HashMap<>();
    private DictionarySnapshot snapshot;
    private long batches;

    /**
     * @param allowSchemaReplacement accept a later schema message replacing the first (Lightstream
     *     table payloads may repeat it); a plain Arrow stream has exactly one
     * @param name table name given to batches (null for plain streams)
     */
    StreamState(BufferAllocator allocator, AlignedBufferPool pool, DecodeLimits limits, boolean validateFull,
            boolean allowSchemaReplacement, String name) {
        this.allocator = allocator;
        this.loader = new BatchLoader(allocator, pool, limits, validateFull);
        this.limits = limits;
        this.allowSchemaReplacement = allowSchemaReplacement;
        this.name = name;
    }

    /** The schema in Arrow Java's memory format (as batches' roots have it), or null before it arrives. */
    Schema schema() {
        return memorySchema;
    }

    /** Sequence number the next batch gets (IPC files number batches by their position). */
    void setNextSequence(long sequence) {
        this.batches = sequence;
    }

    /**
     * Interprets one message; returns a batch for record batches, null for schema and dictionary
     * messages. Consumes (closes) {@code m}.
     */
    Batch accept(RawMessage m) throws FormatException {
        try (m) {
            byte type = m.headerType();
            switch (type) {
                case MessageHeader.Schema -> {
                    onSchema(m);
                    return null;
                }
                case MessageHeader.DictionaryBatch -> {
                    onDictionary(m);
                    return null;
                }
                case MessageHeader.RecordBatch -> {
                    return onRecordBatch(m);
                }
                default -> throw new FormatException("unexpected IPC message type " + type
                        + (type == MessageHeader.Tensor || type == MessageHeader.SparseTensor ? " (tensors are not supported)" : ""),
                        m.offset());
            }
        }
    }

    /** Sets the schema directly (IPC files carry it in the footer). */
    void setSchema(Schema schema, long offset) throws FormatException {
        if (messageSchema != null) {
            if (!allowSchemaReplacement) {
                throw new FormatException("a second schema message in one stream", offset);
            }
            if (schema.equals(messageSchema)) {
                return;
            }
        }
        Map<Long, Dictionary> made = new HashMap<>();
        List<Field> memoryFields = new ArrayList<>();
        try {
            for (Field f : schema.getFields()) {
                memoryFields.add(DictionaryUtility.toMemoryFormat(f, allocator, made));
            }
            Schema memory = new Schema(memoryFields, schema.getCustomMetadata());
            VectorSchemaRoot.create(memory, allocator).close();
            valueFields.clear();
            for (Map.Entry<Long, Dictionary> e : made.entrySet()) {
                valueFields.put(e.getKey(), e.getValue().getVector().getField());
            }
            this.messageSchema = schema;
            this.memorySchema = memory;
        } catch (RuntimeException e) {
            throw new FormatException("unsupported or inconsistent schema: " + e.getMessage(), offset, e);
        } finally {
            for (Dictionary d : made.values()) {
                d.getVector().close();
            }
        }
    }

    private void onSchema(RawMessage m) throws FormatException {
        org.apache.arrow.flatbuf.Schema fb;
        try {
            fb = (org.apache.arrow.flatbuf.Schema) m.message().header(new org.apache.arrow.flatbuf.Schema());
        } catch (RuntimeException e) {
            throw MessageParser.malformed("schema message", m.offset(), e);
        }
        if (fb == null) {
            throw new FormatException("schema message without a schema", m.offset());
        }
        setSchema(MessageParser.schema(fb, m.metadataBuffer().capacity(), limits, m.offset()), m.offset());
    }

    private void onDictionary(RawMessage m) throws FormatException {
        if (memorySchema == null) {
            throw new FormatException("received dictionary batch before schema", m.offset());
        }
        DictionaryBatch db;
        long id;
        boolean delta;
        RecordBatch data;
        try {
            db = (DictionaryBatch) m.message().header(new DictionaryBatch());
            if (db == null) {
                throw new FormatException("dictionary message without a dictionary batch", m.offset());
            }
            id = db.id();
            delta = db.isDelta();
            data = db.data();
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MessageParser.malformed("dictionary batch", m.offset(), e);
        }
        if (data == null) {
            throw new FormatException("dictionary batch " + id + " without data", m.offset());
        }
        Field valueField = valueFields.get(id);
        if (valueField == null) {
            throw new FormatException("dictionary batch for id " + id + ", which no schema field uses", m.offset());
        }
        try {
            DecodeLimits.check("dictionary entries", data.length(), limits.maxDictionaryEntries(), m.offset());
        } catch (RuntimeException e) {
            throw MessageParser.malformed("dictionary batch", m.offset(), e);
        }
        Schema one = new Schema(List.of(valueField));
        VectorSchemaRoot root = loader.load(one, data, m.body(), m.message().bodyLength(), m.offset(),
                m.metadataBuffer().capacity());
        FieldVector values = root.getVector(0);
        DictionarySnapshot.Shared previous = dictionaries.get(id);
        FieldVector merged = values;
        if (delta && previous != null) {
            FieldVector old = previous.dictionary.getVector();
            long total = (long) old.getValueCount() + values.getValueCount();
            try {
                DecodeLimits.check("dictionary entries", total, limits.maxDictionaryEntries(), m.offset());
            } catch (FormatException e) {
                root.close();
                throw e;
            }
            try {
                merged = DictionaryValues.concat(allocator, valueField, old, values);
            } finally {
                root.close();
            }
        }
        DictionaryEncoding enc = previous != null ? previous.dictionary.getEncoding() : encodingOf(id);
        DictionarySnapshot.Shared fresh = new DictionarySnapshot.Shared(new Dictionary(merged, enc));
        if (previous != null) {
            previous.release();
        }
        dictionaries.put(id, fresh);
        if (snapshot != null) {
            snapshot.release();
            snapshot = null;
        }
    }

    private DictionaryEncoding encodingOf(long id) {
        return findEncoding(memorySchema.getFields(), id);
    }

    private static DictionaryEncoding findEncoding(List<Field> fields, long id) {
        for (Field f : fields) {
            if (f.getDictionary() != null && f.getDictionary().getId() == id) {
                return f.getDictionary();
            }
            DictionaryEncoding e = findEncoding(f.getChildren(), id);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private Batch onRecordBatch(RawMessage m) throws FormatException {
        if (memorySchema == null) {
            throw new FormatException("received record batch before schema", m.offset());
        }
        RecordBatch rb;
        try {
            rb = (RecordBatch) m.message().header(new RecordBatch());
        } catch (RuntimeException e) {
            throw MessageParser.malformed("record batch", m.offset(), e);
        }
        if (rb == null) {
            throw new FormatException("record batch message without a record batch", m.offset());
        }
        for (Long id : valueFields.keySet()) {
            if (!dictionaries.containsKey(id)) {
                throw new FormatException("dictionary " + id + " missing before the first record batch that uses it",
                        m.offset());
            }
        }
        Map<String, String> metadata = MessageParser.customMetadata(m.message(), m.metadataBuffer().capacity(), limits,
                m.offset());
        VectorSchemaRoot root = loader.load(memorySchema, rb, m.body(), m.message().bodyLength(), m.offset(),
                m.metadataBuffer().capacity());
        if (!dictionaries.isEmpty()) {
            try {
                for (FieldVector v : root.getFieldVectors()) {
                    checkIndices(v, m.offset());
                }
            } catch (FormatException e) {
                root.close();
                throw e;
            }
        }
        AutoCloseable hold = null;
        DictionarySnapshot provider = null;
        if (!dictionaries.isEmpty()) {
            if (snapshot == null) {
                snapshot = new DictionarySnapshot(dictionaries);
            }
            provider = snapshot;
            hold = snapshot.hold();
        }
        return new Batch(root, provider, hold, name, batches++, metadata, m.frameLength());
    }

    /**
     * Every index of a dictionary-encoded column must name an entry of its dictionary (null slots
     * may hold anything). Reads raw memory: the buffer validator has checked the sizes.
     */
    private void checkIndices(FieldVector v, long offset) throws FormatException {
        DictionaryEncoding enc = v.getField().getDictionary();
        if (enc != null && v instanceof org.apache.arrow.vector.BaseFixedWidthVector fw && v.getValueCount() > 0) {
            long size = dictionaries.get(enc.getId()).dictionary.getVector().getValueCount();
            ArrowType.Int type = enc.getIndexType();
            int width = type.getBitWidth() / 8;
            boolean signed = type.getIsSigned();
            long address = fw.getDataBuffer().memoryAddress();
            int n = v.getValueCount();
            if (fw.getDataBuffer().capacity() < (long) n * width) {
                throw new FormatException("column '" + v.getName() + "' index buffer is too short", offset);
            }
            // Fast path: the range of all slots (null ones included) is within the dictionary.
            if (!signed && width == 1 && size >= 256 || width == 2 && !signed && size >= 65_536) {
                // every value the index type can hold is a valid entry
            } else if (!inRange(address, n, width, signed, size)) {
                for (int i = 0; i < n; i++) {
                    long k = index(address + (long) i * width, width, signed);
                    if ((k < 0 || k >= size) && !v.isNull(i)) {
                        throw new FormatException("column '" + v.getName() + "' row " + i + " has dictionary index "
                                + (width == 8 && !signed ? Long.toUnsignedString(k) : k) + ", outside dictionary "
                                + enc.getId() + " of " + size + " entries", offset);
                    }
                }
            }
        }
        for (FieldVector c : v.getChildrenFromFields()) {
            checkIndices(c, offset);
        }
    }

    private static long index(long a, int width, boolean signed) {
        return switch (width) {
            case 1 -> signed ? MemoryUtil.getByte(a) : MemoryUtil.getByte(a) & 0xFFL;
            case 2 -> signed ? MemoryUtil.getShort(a) : MemoryUtil.getShort(a) & 0xFFFFL;
            case 4 -> signed ? MemoryUtil.getInt(a) : MemoryUtil.getInt(a) & 0xFFFF_FFFFL;
            default -> MemoryUtil.getLong(a);
        };
    }

    /** Whether every slot holds an index in {@code [0, size)}; one tight loop per width. */
    private static boolean inRange(long address, int n, int width, boolean signed, long size) {
        long min = 0;
        long max = 0;
        switch (width) {
            case 1 -> {
                int mask = signed ? -1 : 0xFF;
                int lo = 0;
                int hi = 0;
                for (int i = 0; i < n; i++) {
                    int k = MemoryUtil.getByte(address + i) & mask;
                    lo = Math.min(lo, k);
                    hi = Math.max(hi, k);
                }
                min = lo;
                max = hi;
            }
            case 2 -> {
                int mask = signed ? -1 : 0xFFFF;
                int lo = 0;
                int hi = 0;
                for (int i = 0; i < n; i++) {
                    int k = MemoryUtil.getShort(address + 2L * i) & mask;
                    lo = Math.min(lo, k);
                    hi = Math.max(hi, k);
                }
                min = lo;
                max = hi;
            }
            case 4 -> {
                for (int i = 0; i < n; i++) {
                    long k = signed ? MemoryUtil.getInt(address + 4L * i) : MemoryUtil.getInt(address + 4L * i) & 0xFFFF_FFFFL;
                    min = Math.min(min, k);
                    max = Math.max(max, k);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    long k = MemoryUtil.getLong(address + 8L * i);
                    if (!signed && k < 0) {
                        return false;
                    }
                    min = Math.min(min, k);
                    max = Math.max(max, k);
                }
            }
        }
        return min >= 0 && max < size;
    }

    @Override
    public void close() {
        if (snapshot != null) {
            snapshot.release();
            snapshot = null;
        }
        for (DictionarySnapshot.Shared s : dictionaries.values()) {
            s.release();
        }
        dictionaries.clear();
    }
}
