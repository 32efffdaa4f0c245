package io.lightstream.bench.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * The four benchmark tables of the reference library (wire spec section 9): mixed, narrow numeric,
 * string-heavy and wide, all non-null, as Arrow batches and as the equivalent Avro records (for
 * parquet-java's Avro binding). Row {@code i} holds the same values in both forms.
 */
public enum BenchmarkShapes {
    MIXED, NUMERIC, STRINGS, WIDE;

    private static final String[] COLORS = {"red", "green", "blue"};

    public static BenchmarkShapes parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static Field column(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    private static final ArrowType I32 = new ArrowType.Int(32, true);
    private static final ArrowType I64 = new ArrowType.Int(64, true);
    private static final ArrowType F32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    private static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

    public Schema arrowSchema() {
        List<Field> f = new ArrayList<>();
        switch (this) {
            case MIXED -> {
                f.add(column("ids", I32));
                f.add(column("values", F64));
                f.add(column("labels", ArrowType.Utf8.INSTANCE));
                f.add(new Field("category", new FieldType(false, new ArrowType.Int(8, false),
                        new DictionaryEncoding(0, false, new ArrowType.Int(8, false))), null));
            }
            case NUMERIC -> {
                f.add(column("ids", I32));
                f.add(column("counters", I64));
                f.add(column("prices", F32));
                f.add(column("values", F64));
            }
            case STRINGS -> {
                f.add(column("ids", I32));
                f.add(column("long_text", ArrowType.Utf8.INSTANCE));
                f.add(column("short_text", ArrowType.Utf8.INSTANCE));
                f.add(new Field("category", new FieldType(false, new ArrowType.Int(8, false),
                        new DictionaryEncoding(1, false, new ArrowType.Int(8, false))), null));
            }
            case WIDE -> {
                for (int i = 0; i < 25; i++) {
                    f.add(column("i32_" + i, I32));
                }
                for (int i = 0; i < 25; i++) {
                    f.add(column("i64_" + i, I64));
                }
                for (int i = 0; i < 25; i++) {
                    f.add(column("f32_" + i, F32));
                }
                for (int i = 0; i < 25; i++) {
                    f.add(column("f64_" + i, F64));
                }
            }
        }
        return new Schema(f);
    }

    public org.apache.avro.Schema avroSchema() {
        var fields = org.apache.avro.SchemaBuilder.record(name().toLowerCase(Locale.ROOT)).fields();
        for (Field f : arrowSchema().getFields()) {
            ArrowType t = f.getDictionary() != null ? ArrowType.Utf8.INSTANCE : f.getType();
            if (t.equals(I32)) {
                fields = fields.requiredInt(f.getName());
            } else if (t.equals(I64)) {
                fields = fields.requiredLong(f.getName());
            } else if (t.equals(F32)) {
                fields = fields.requiredFloat(f.getName());
            } else if (t.equals(F64)) {
                fields = fields.requiredDouble(f.getName());
            } else {
                fields = fields.requiredString(f.getName());
            }
        }
        return fields.endRecord();
    }

    private String category(long i) {
        return this == MIXED ? COLORS[(int) (i % 3)] : String.format(Locale.ROOT, "cat_%03d", i % 100);
    }

    /** The dictionaries of the shape's dictionary column (none for numeric and wide). */
    public DictionaryProvider.MapDictionaryProvider dictionaries(BufferAllocator allocator) {
        DictionaryProvider.MapDictionaryProvider p = new DictionaryProvider.MapDictionaryProvider();
        for (Field f : arrowSchema().getFields()) {
            if (f.getDictionary() != null) {
                VarCharVector values = new VarCharVector("category-dict", allocator);
                int n = this == MIXED ? 3 : 100;
                values.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    values.setSafe(i, category(i).getBytes(StandardCharsets.UTF_8));
                }
                values.setValueCount(n);
                p.put(new Dictionary(values, f.getDictionary()));
            }
        }
        return p;
    }

    /** Rows {@code [start, start + rows)} as one Arrow batch. */
    public VectorSchemaRoot batch(BufferAllocator allocator, long start, int rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema(), allocator);
        for (FieldVector v : root.getFieldVectors()) {
            v.setInitialCapacity(rows);
            v.allocateNew();
        }
        for (int c = 0; c < root.getFieldVectors().size(); c++) {
            FieldVector v = root.getVector(c);
            String name = v.getName();
            for (int r = 0; r < rows; r++) {
                long i = start + r;
                if (v instanceof IntVector x) {
                    x.set(r, (int) (i + c));
                } else if (v instanceof BigIntVector x) {
                    x.set(r, i * 3 + c);
                } else if (v instanceof Float4Vector x) {
                    x.set(r, i * 0.5f + c);
                } else if (v instanceof Float8Vector x) {
                    x.set(r, i * 0.25 + c);
                } else if (v instanceof UInt1Vector x) {
                    x.set(r, (int) (this == MIXED ? i % 3 : i % 100));
                } else if (v instanceof VarCharVector x) {
                    x.setSafe(r, text(name, i).getBytes(StandardCharsets.UTF_8));
                }
            }
            v.setValueCount(rows);
        }
        root.setRowCount(rows);
        return root;
    }

    private static String text(String column, long i) {
        return switch (column) {
            case "labels" -> "row_" + i;
            case "long_text" -> String.format(Locale.ROOT, "row_%08d_payload_%08x_lorem_ipsum_dolor_sit", i, i * 2654435761L & 0xFFFFFFFFL);
            default -> String.format(Locale.ROOT, "s_%04x", i & 0xFFFF);
        };
    }

    /** Rows {@code [start, start + rows)} as Avro records with the values of {@link #batch}. */
    public List<GenericRecord> records(long start, int rows) {
        org.apache.avro.Schema schema = avroSchema();
        List<Field> fields = arrowSchema().getFields();
        List<GenericRecord> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            long i = start + r;
            GenericData.Record rec = new GenericData.Record(schema);
            for (int c = 0; c < fields.size(); c++) {
                Field f = fields.get(c);
                Object value;
                if (f.getDictionary() != null) {
                    value = new Utf8(category(i));
                } else if (f.getType().equals(I32)) {
                    value = (int) (i + c);
                } else if (f.getType().equals(I64)) {
                    value = i * 3 + c;
                } else if (f.getType().equals(F32)) {
                    value = i * 0.5f + c;
                } else if (f.getType().equals(F64)) {
                    value = i * 0.25 + c;
                } else {
                    value = new Utf8(text(f.getName(), i));
                }
                rec.put(c, value);
            }
            out.add(rec);
        }
        return out;
    }
}
