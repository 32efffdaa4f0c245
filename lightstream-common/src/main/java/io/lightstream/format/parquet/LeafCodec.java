package io.lightstream.format.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * How one Arrow leaf type is stored in one Parquet primitive column, in both directions: the
 * physical type and annotation, and the value conversions between Arrow buffers and Parquet
 * column writers/readers.
 *
 * <p>The writer and the reader pick the codec from the same Arrow type, so every conversion the
 * writer applies (seconds to milliseconds, date64 to days, little- to big-endian decimals) has its
 * inverse here. Values move straight between Arrow buffers and Parquet's column API; nothing goes
 * through an object model.
 *
 * <p>Instances hold scratch buffers: one per column writer or reader, used by one thread.
 */
abstract class LeafCodec {
    static final long MILLIS_PER_DAY = 86_400_000L;

    final PrimitiveTypeName physical;
    final int typeLength;
    final LogicalTypeAnnotation annotation;

    LeafCodec(PrimitiveTypeName physical, int typeLength, LogicalTypeAnnotation annotation) {
        this.physical = physical;
        this.typeLength = typeLength;
        this.annotation = annotation;
    }

    /** A fresh codec (with its own scratch state) of the same kind. */
    abstract LeafCodec copy();

    /**
     * Whether Arrow holds exactly the bytes Parquet's PLAIN encoding holds (same width, no unit
     * conversion), so that pages can be copied rather than converted value by value.
     */
    boolean isIdentity() {
        return false;
    }

    /** Writes the non-null value at {@code index} of {@code vector}. */
    abstract void write(ColumnWriter w, FieldVector vector, int index, int rep, int def);

    /**
     * Writes rows {@code [from, to)} of a top-level column with no repetition: nulls at level 0,
     * values at {@code maxDef}. Overridden by hot types to keep the loop monomorphic.
     */
    void writeFlat(ColumnWriter w, FieldVector vector, int from, int to, int maxDef) {
        prepareWrite(vector, from, to);
        for (int i = from; i < to; i++) {
            if (maxDef > 0 && vector.isNull(i)) {
                w.writeNull(0, 0);
            } else {
                write(w, vector, i, 0, maxDef);
            }
        }
    }

    /** Called before a run of {@link #write} calls over rows {@code [from, to)}. */
    void prepareWrite(FieldVector vector, int from, int to) {}

    /** Reads the current (non-null) value of {@code r} into slot {@code slot}; does not consume. */
    abstract void read(ColumnReader r, FieldVector vector, int slot);

    /**
     * Reads {@code count} entries of a top-level column with no repetition into slots {@code 0..count-1}
     * (which the caller allocated and whose validity starts cleared), consuming them.
     */
    void readFlat(ColumnReader r, FieldVector vector, int count, int maxDef) {
        for (int i = 0; i < count; i++) {
            if (r.getCurrentDefinitionLevel() == maxDef) {
                read(r, vector, i);
            }
            r.consume();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Factory

    /**
     * The codec for an Arrow leaf type, or null if Parquet cannot hold it.
     *
     * @param parquetHint the physical type found in the file when reading (chooses between equivalent
     *     encodings such as INT96 or legacy millisecond timestamps); null when writing
     */
    static LeafCodec forArrow(ArrowType type, org.apache.parquet.schema.PrimitiveType parquetHint) {
        switch (type.getTypeID()) {
            case Null:
                return new NullCodec();
            case Bool:
                return new BoolCodec();
            case Int: {
                ArrowType.Int t = (ArrowType.Int) type;
                if (t.getBitWidth() == 64) {
                    return new LongCodec(LogicalTypeAnnotation.intType(64, t.getIsSigned()), 1, 0);
                }
                return new IntCodec(t.getBitWidth(), t.getIsSigned());
            }
            case FloatingPoint: {
                FloatingPointPrecision p = ((ArrowType.FloatingPoint) type).getPrecision();
                switch (p) {
                    case HALF:
                        return new Float16Codec();
                    case SINGLE:
                        return new FloatCodec();
                    default:
                        return new DoubleCodec();
                }
            }
            case Decimal: {
                ArrowType.Decimal d = (ArrowType.Decimal) type;
                return DecimalCodec.of(d, parquetHint);
            }
            case Utf8:
            case LargeUtf8:
            case Utf8View:
                return new BinaryCodec(LogicalTypeAnnotation.stringType());
            case Binary:
            case LargeBinary:
            case BinaryView:
                return new BinaryCodec(null);
            case FixedSizeBinary: {
                int width = ((ArrowType.FixedSizeBinary) type).getByteWidth();
                LogicalTypeAnnotation a = parquetHint != null ? parquetHint.getLogicalTypeAnnotation() : null;
                if (!(a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation)) {
                    a = null;
                }
                return new FixedBinaryCodec(width, a);
            }
            case Date:
                return ((ArrowType.Date) type).getUnit() == DateUnit.DAY ? new IntCodec(LogicalTypeAnnotation.dateType())
                        : new Date64Codec();
            case Time: {
                ArrowType.Time t = (ArrowType.Time) type;
                switch (t.getUnit()) {
                    case SECOND:
                        return new IntCodec(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MILLIS), 1000);
                    case MILLISECOND:
                        return new IntCodec(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MILLIS), 1);
                    case MICROSECOND:
                        return new LongCodec(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MICROS), 1, 0);
                    default:
                        return new LongCodec(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.NANOS), 1, 0);
                }
            }
            case Timestamp: {
                ArrowType.Timestamp t = (ArrowType.Timestamp) type;
                boolean utc = t.getTimezone() != null;
                if (parquetHint != null && parquetHint.getPrimitiveTypeName() == PrimitiveTypeName.INT96) {
                    return new Int96TimestampCodec(t.getUnit());
                }
                LogicalTypeAnnotation.TimeUnit fileUnit = null;
                if (parquetHint != null && parquetHint.getLogicalTypeAnnotation()
                        instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                    fileUnit = ts.getUnit();
                    utc = ts.isAdjustedToUTC();
                }
                return TimestampCodec.of(t.getUnit(), fileUnit, utc);
            }
            case Duration:
                return new LongCodec(null, 1, 0);
            case Interval: {
                IntervalUnit u = ((ArrowType.Interval) type).getUnit();
                if (u == IntervalUnit.MONTH_DAY_NANO) {
                    return null;
                }
                return new IntervalCodec(u);
            }
            default:
                return null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Implementations

    /** Arrow null: every slot is null; Parquet stores an INT32 column annotated UNKNOWN. */
    static final class NullCodec extends LeafCodec {
        NullCodec() {
            super(PrimitiveTypeName.INT32, 0, LogicalTypeAnnotation.unknownType());
        }

        @Override
        LeafCodec copy() {
            return new NullCodec();
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            throw new IllegalStateException("null column has no values");
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            // A null column carries no values; a value here is skipped by the caller's consume().
        }
    }

    static final class BoolCodec extends LeafCodec {
        BoolCodec() {
            super(PrimitiveTypeName.BOOLEAN, 0, null);
        }

        @Override
        LeafCodec copy() {
            return new BoolCodec();
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            w.write(((BitVector) vector).get(index) != 0, rep, def);
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            ((BitVector) vector).setSafe(slot, r.getBoolean() ? 1 : 0);
        }
    }

    /**
     * 8/16/32-bit integers (signed and unsigned), date32 and time32, all INT32 in Parquet; {@code
     * scale} multiplies on write and divides on read (time32 seconds stored as milliseconds).
     */
    static final class IntCodec extends LeafCodec {
        private final int width;
        private final boolean signed;
        private final int scale;

        IntCodec(int width, boolean signed) {
            super(PrimitiveTypeName.INT32, 0, LogicalTypeAnnotation.intType(width, signed));
            this.width = width;
            this.signed = signed;
            this.scale = 1;
        }

        IntCodec(LogicalTypeAnnotation annotation) {
            this(annotation, 1);
        }

        IntCodec(LogicalTypeAnnotation annotation, int scale) {
            super(PrimitiveTypeName.INT32, 0, annotation);
            this.width = 32;
            this.signed = true;
            this.scale = scale;
        }

        @Override
        boolean isIdentity() {
            return width == 32 && scale == 1;
        }

        private IntCodec(IntCodec o) {
            super(o.physical, o.typeLength, o.annotation);
            this.width = o.width;
            this.signed = o.signed;
            this.scale = o.scale;
        }

        @Override
        LeafCodec copy() {
            return new IntCodec(this);
        }

        private int valueAt(ArrowBuf data, int index) {
            switch (width) {
                case 8:
                    return signed ? data.getByte(index) : data.getByte(index) & 0xFF;
                case 16:
                    return signed ? data.getShort((long) index * 2) : data.getShort((long) index * 2) & 0xFFFF;
                default:
                    return data.getInt((long) index * 4) * scale;
            }
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            w.write(valueAt(vector.getDataBuffer(), index), rep, def);
        }

        @Override
        void writeFlat(ColumnWriter w, FieldVector vector, int from, int to, int maxDef) {
            ArrowBuf data = vector.getDataBuffer();
            if (maxDef == 0 || vector.getNullCount() == 0) {
                for (int i = from; i < to; i++) {
                    w.write(valueAt(data, i), 0, maxDef);
                }
                return;
            }
            for (int i = from; i < to; i++) {
                if (vector.isNull(i)) {
                    w.writeNull(0, 0);
                } else {
                    w.write(valueAt(data, i), 0, maxDef);
                }
            }
        }

        private void store(FieldVector vector, int slot, int v) {
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            while (slot >= fw.getValueCapacity()) {
                fw.reAlloc();
            }
            ArrowBuf data = fw.getDataBuffer();
            switch (width) {
                case 8:
                    data.setByte(slot, v);
                    break;
                case 16:
                    data.setShort((long) slot * 2, v);
                    break;
                default:
                    data.setInt((long) slot * 4, scale == 1 ? v : Math.floorDiv(v, scale));
            }
            fw.setIndexDefined(slot);
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            store(vector, slot, r.getInteger());
        }

        @Override
        void readFlat(ColumnReader r, FieldVector vector, int count, int maxDef) {
            if (width != 32 || scale != 1) {
                super.readFlat(r, vector, count, maxDef);
                return;
            }
            ArrowBuf data = vector.getDataBuffer();
            ArrowBuf validity = vector.getValidityBuffer();
            for (int i = 0; i < count; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    data.setInt((long) i * 4, r.getInteger());
                    setBit(validity, i);
                }
                r.consume();
            }
        }
    }

    /** 64-bit integers (signed and unsigned), time64, duration and timestamps of matching unit. */
    static final class LongCodec extends LeafCodec {
        private final long writeScale;
        private final long readScale;

        /**
         * @param writeScale multiplier from the Arrow value to the stored value
         * @param readDivisor 0 to read back with {@code 1 / writeScale}; otherwise an explicit
         *     divisor (negative: multiply by its magnitude) from stored to Arrow value
         */
        LongCodec(LogicalTypeAnnotation annotation, long writeScale, long readDivisor) {
            super(PrimitiveTypeName.INT64, 0, annotation);
            this.writeScale = writeScale;
            this.readScale = readDivisor == 0 ? writeScale : readDivisor;
        }

        @Override
        LeafCodec copy() {
            return this;
        }

        @Override
        boolean isIdentity() {
            return writeScale == 1 && readScale == 1;
        }

        private long fromStored(long v) {
            if (readScale == 1) {
                return v;
            }
            return readScale > 0 ? Math.floorDiv(v, readScale) : v * -readScale;
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            w.write(vector.getDataBuffer().getLong((long) index * 8) * writeScale, rep, def);
        }

        @Override
        void writeFlat(ColumnWriter w, FieldVector vector, int from, int to, int maxDef) {
            ArrowBuf data = vector.getDataBuffer();
            long scale = writeScale;
            if (maxDef == 0 || vector.getNullCount() == 0) {
                for (int i = from; i < to; i++) {
                    w.write(data.getLong((long) i * 8) * scale, 0, maxDef);
                }
                return;
            }
            for (int i = from; i < to; i++) {
                if (vector.isNull(i)) {
                    w.writeNull(0, 0);
                } else {
                    w.write(data.getLong((long) i * 8) * scale, 0, maxDef);
                }
            }
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            while (slot >= fw.getValueCapacity()) {
                fw.reAlloc();
            }
            fw.getDataBuffer().setLong((long) slot * 8, fromStored(r.getLong()));
            fw.setIndexDefined(slot);
        }

        @Override
        void readFlat(ColumnReader r, FieldVector vector, int count, int maxDef) {
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            ArrowBuf data = fw.getDataBuffer();
            ArrowBuf validity = fw.getValidityBuffer();
            for (int i = 0; i < count; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    data.setLong((long) i * 8, fromStored(r.getLong()));
                    setBit(validity, i);
                }
                r.consume();
            }
        }
    }

    /** Timestamps: Arrow seconds are stored as milliseconds; other units as themselves. */
    static final class TimestampCodec {
        private TimestampCodec() {}

        static LeafCodec of(TimeUnit arrowUnit, LogicalTypeAnnotation.TimeUnit fileUnit, boolean utc) {
            LogicalTypeAnnotation.TimeUnit unit = fileUnit != null ? fileUnit : switch (arrowUnit) {
                case SECOND, MILLISECOND -> LogicalTypeAnnotation.TimeUnit.MILLIS;
                case MICROSECOND -> LogicalTypeAnnotation.TimeUnit.MICROS;
                case NANOSECOND -> LogicalTypeAnnotation.TimeUnit.NANOS;
            };
            long arrowPerSecond = perSecond(arrowUnit);
            long filePerSecond = switch (unit) {
                case MILLIS -> 1_000L;
                case MICROS -> 1_000_000L;
                case NANOS -> 1_000_000_000L;
            };
            LogicalTypeAnnotation a = LogicalTypeAnnotation.timestampType(utc, unit);
            if (filePerSecond >= arrowPerSecond) {
                long f = filePerSecond / arrowPerSecond;
                return new LongCodec(a, f, f);
            }
            // File coarser than Arrow (a millisecond file read as nanoseconds): multiply on read.
            long f = arrowPerSecond / filePerSecond;
            return new LongCodec(a, 1, -f);
        }

        static long perSecond(TimeUnit u) {
            return switch (u) {
                case SECOND -> 1L;
                case MILLISECOND -> 1_000L;
                case MICROSECOND -> 1_000_000L;
                case NANOSECOND -> 1_000_000_000L;
            };
        }
    }

    /** Legacy INT96 timestamps (Impala, Spark): 8 bytes nanoseconds of day, 4 bytes Julian day; read only. */
    static final class Int96TimestampCodec extends LeafCodec {
        private static final long JULIAN_EPOCH_DAY = 2_440_588L;
        private final long divisor;

        Int96TimestampCodec(TimeUnit unit) {
            super(PrimitiveTypeName.INT96, 0, null);
            this.divisor = 1_000_000_000L / TimestampCodec.perSecond(unit);
        }

        @Override
        LeafCodec copy() {
            return this;
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            throw new UnsupportedOperationException("INT96 timestamps are read only");
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            ByteBuffer b = r.getBinary().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long nanosOfDay = b.getLong(b.position());
            long julianDay = b.getInt(b.position() + 8) & 0xFFFFFFFFL;
            long nanos = (julianDay - JULIAN_EPOCH_DAY) * MILLIS_PER_DAY * 1_000_000L + nanosOfDay;
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            while (slot >= fw.getValueCapacity()) {
                fw.reAlloc();
            }
            fw.getDataBuffer().setLong((long) slot * 8, Math.floorDiv(nanos, divisor));
            fw.setIndexDefined(slot);
        }
    }

    /** date64 (milliseconds) stored as Parquet DATE (days), as Arrow C++ does. */
    static final class Date64Codec extends LeafCodec {
        Date64Codec() {
            super(PrimitiveTypeName.INT32, 0, LogicalTypeAnnotation.dateType());
        }

        @Override
        LeafCodec copy() {
            return this;
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            w.write((int) Math.floorDiv(vector.getDataBuffer().getLong((long) index * 8), MILLIS_PER_DAY), rep, def);
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            while (slot >= fw.getValueCapacity()) {
                fw.reAlloc();
            }
            fw.getDataBuffer().setLong((long) slot * 8, r.getInteger() * MILLIS_PER_DAY);
            fw.setIndexDefined(slot);
        }
    }

    static final class FloatCodec extends LeafCodec {
        FloatCodec() {
            super(PrimitiveTypeName.FLOAT, 0, null);
        }

        @Override
        LeafCodec copy() {
            return this;
        }

        @Override
        boolean isIdentity() {
            return true;
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            w.write(vector.getDataBuffer().getFloat((long) index * 4), rep, def);
        }

        @Override
        void writeFlat(ColumnWriter w, FieldVector vector, int from, int to, int maxDef) {
            ArrowBuf data = vector.getDataBuffer();
            boolean dense = maxDef == 0 || vector.getNullCount() == 0;
            for (int i = from; i < to; i++) {
                if (!dense && vector.isNull(i)) {
                    w.writeNull(0, 0);
                } else {
                    w.write(data.getFloat((long) i * 4), 0, maxDef);
                }
            }
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            while (slot >= fw.getValueCapacity()) {
                fw.reAlloc();
            }
            fw.getDataBuffer().setFloat((long) slot * 4, r.getFloat());
            fw.setIndexDefined(slot);
        }

        @Override
        void readFlat(ColumnReader r, FieldVector vector, int count, int maxDef) {
            ArrowBuf data = vector.getDataBuffer();
            ArrowBuf validity = vector.getValidityBuffer();
            for (int i = 0; i < count; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    data.setFloat((long) i * 4, r.getFloat());
                    setBit(validity, i);
                }
                r.consume();
            }
        }
    }

    static final class DoubleCodec extends LeafCodec {
        DoubleCodec() {
            super(PrimitiveTypeName.DOUBLE, 0, null);
        }

        @Override
        LeafCodec copy() {
            return this;
        }

        @Override
        boolean isIdentity() {
            return true;
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            w.write(vector.getDataBuffer().getDouble((long) index * 8), rep, def);
        }

        @Override
        void writeFlat(ColumnWriter w, FieldVector vector, int from, int to, int maxDef) {
            ArrowBuf data = vector.getDataBuffer();
            boolean dense = maxDef == 0 || vector.getNullCount() == 0;
            for (int i = from; i < to; i++) {
                if (!dense && vector.isNull(i)) {
                    w.writeNull(0, 0);
                } else {
                    w.write(data.getDouble((long) i * 8), 0, maxDef);
                }
            }
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            while (slot >= fw.getValueCapacity()) {
                fw.reAlloc();
            }
            fw.getDataBuffer().setDouble((long) slot * 8, r.getDouble());
            fw.setIndexDefined(slot);
        }

        @Override
        void readFlat(ColumnReader r, FieldVector vector, int count, int maxDef) {
            ArrowBuf data = vector.getDataBuffer();
            ArrowBuf validity = vector.getValidityBuffer();
            for (int i = 0; i < count; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    data.setDouble((long) i * 8, r.getDouble());
                    setBit(validity, i);
                }
                r.consume();
            }
        }
    }

    /** IEEE half floats: Parquet FLOAT16 is a 2-byte little-endian FIXED_LEN_BYTE_ARRAY. */
    static final class Float16Codec extends LeafCodec {
        private final byte[] scratch = new byte[2];

        Float16Codec() {
            super(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, 2, LogicalTypeAnnotation.float16Type());
        }

        @Override
        LeafCodec copy() {
            return new Float16Codec();
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            short v = vector.getDataBuffer().getShort((long) index * 2);
            scratch[0] = (byte) v;
            scratch[1] = (byte) (v >>> 8);
            w.write(Binary.fromReusedByteArray(scratch), rep, def);
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            ByteBuffer b = r.getBinary().toByteBuffer();
            int p = b.position();
            short v = (short) ((b.get(p) & 0xFF) | (b.get(p + 1) << 8));
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            while (slot >= fw.getValueCapacity()) {
                fw.reAlloc();
            }
            fw.getDataBuffer().setShort((long) slot * 2, v);
            fw.setIndexDefined(slot);
        }
    }

    /**
     * Decimal128/256: INT32 up to precision 9, INT64 up to 18 (the Parquet recommendation), else a
     * big-endian two's complement FIXED_LEN_BYTE_ARRAY of the minimal width for the precision.
     */
    static final class DecimalCodec extends LeafCodec {
        private final int arrowWidth;
        private final byte[] le;
        private final byte[] be;

        private DecimalCodec(PrimitiveTypeName physical, int typeLength, LogicalTypeAnnotation a, int arrowWidth) {
            super(physical, typeLength, a);
            this.arrowWidth = arrowWidth;
            this.le = new byte[arrowWidth];
            this.be = new byte[typeLength];
        }

        static LeafCodec of(ArrowType.Decimal d, org.apache.parquet.schema.PrimitiveType hint) {
            LogicalTypeAnnotation a = LogicalTypeAnnotation.decimalType(d.getScale(), d.getPrecision());
            int arrowWidth = d.getBitWidth() / 8;
            if (hint != null) {
                int len = hint.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY ? hint.getTypeLength() : 0;
                return new DecimalCodec(hint.getPrimitiveTypeName(), len, a, arrowWidth);
            }
            if (d.getPrecision() <= 9) {
                return new DecimalCodec(PrimitiveTypeName.INT32, 0, a, arrowWidth);
            }
            if (d.getPrecision() <= 18) {
                return new DecimalCodec(PrimitiveTypeName.INT64, 0, a, arrowWidth);
            }
            return new DecimalCodec(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, bytesForPrecision(d.getPrecision()), a,
                    arrowWidth);
        }

        static int bytesForPrecision(int precision) {
            // Smallest n with 2^(8n-1) > 10^precision.
            int n = 1;
            while (Math.log10(2) * (8 * n - 1) < precision) {
                n++;
            }
            return n;
        }

        @Override
        LeafCodec copy() {
            return new DecimalCodec(physical, typeLength, annotation, arrowWidth);
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            ArrowBuf data = vector.getDataBuffer();
            long offset = (long) index * arrowWidth;
            switch (physical) {
                case INT32:
                    w.write((int) data.getLong(offset), rep, def);
                    break;
                case INT64:
                    w.write(data.getLong(offset), rep, def);
                    break;
                default: {
                    data.getBytes(offset, le, 0, arrowWidth);
                    int len = be.length;
                    for (int i = 0; i < len; i++) {
                        be[i] = i < len - arrowWidth ? (byte) (le[arrowWidth - 1] < 0 ? -1 : 0) : le[len - 1 - i];
                    }
                    w.write(Binary.fromReusedByteArray(be), rep, def);
                }
            }
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            switch (physical) {
                case INT32:
                    setLong(vector, slot, r.getInteger());
                    break;
                case INT64:
                    setLong(vector, slot, r.getLong());
                    break;
                default: {
                    byte[] bytes = r.getBinary().getBytesUnsafe();
                    if (vector instanceof DecimalVector dv) {
                        dv.setBigEndianSafe(slot, bytes);
                    } else {
                        ((Decimal256Vector) vector).setBigEndianSafe(slot, bytes);
                    }
                }
            }
        }

        private static void setLong(FieldVector vector, int slot, long v) {
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            while (slot >= fw.getValueCapacity()) {
                fw.reAlloc();
            }
            if (vector instanceof DecimalVector dv) {
                dv.set(slot, v);
            } else {
                ((Decimal256Vector) vector).set(slot, v);
            }
        }
    }

    /** utf8, binary and their large and view variants: Parquet BYTE_ARRAY (STRING for text). */
    static final class BinaryCodec extends LeafCodec {
        private byte[] scratch = new byte[0];
        private long base;

        BinaryCodec(LogicalTypeAnnotation a) {
            super(PrimitiveTypeName.BINARY, 0, a);
        }

        @Override
        LeafCodec copy() {
            return new BinaryCodec(annotation);
        }

        @Override
        boolean isIdentity() {
            return true;
        }

        /** Copies the value bytes of rows {@code [from, to)} into the scratch array once per run. */
        @Override
        void prepareWrite(FieldVector vector, int from, int to) {
            if (vector instanceof BaseVariableWidthVector v) {
                ArrowBuf offsets = v.getOffsetBuffer();
                int start = offsets.getInt((long) from * 4);
                int end = offsets.getInt((long) to * 4);
                load(v.getDataBuffer(), start, end - start);
            } else if (vector instanceof BaseLargeVariableWidthVector v) {
                ArrowBuf offsets = v.getOffsetBuffer();
                long start = offsets.getLong((long) from * 8);
                long end = offsets.getLong((long) to * 8);
                if (end - start > Integer.MAX_VALUE - 16) {
                    // Too large for one array: fall back to per-value copies.
                    base = -1;
                    return;
                }
                load(v.getDataBuffer(), start, (int) (end - start));
            } else {
                base = -1;
            }
        }

        private void load(ArrowBuf data, long start, int length) {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            data.getBytes(start, scratch, 0, length);
            base = start;
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            if (base >= 0 && vector instanceof BaseVariableWidthVector v) {
                ArrowBuf offsets = v.getOffsetBuffer();
                int start = offsets.getInt((long) index * 4);
                int end = offsets.getInt((long) index * 4 + 4);
                w.write(Binary.fromReusedByteArray(scratch, (int) (start - base), end - start), rep, def);
            } else if (base >= 0 && vector instanceof BaseLargeVariableWidthVector v) {
                ArrowBuf offsets = v.getOffsetBuffer();
                long start = offsets.getLong((long) index * 8);
                long end = offsets.getLong((long) index * 8 + 8);
                w.write(Binary.fromReusedByteArray(scratch, (int) (start - base), (int) (end - start)), rep, def);
            } else {
                w.write(Binary.fromConstantByteArray(bytesAt(vector, index)), rep, def);
            }
        }

        private static byte[] bytesAt(FieldVector vector, int index) {
            if (vector instanceof BaseVariableWidthViewVector v) {
                return v.get(index);
            }
            if (vector instanceof BaseLargeVariableWidthVector v) {
                return v.get(index);
            }
            return ((BaseVariableWidthVector) vector).get(index);
        }

        @Override
        void writeFlat(ColumnWriter w, FieldVector vector, int from, int to, int maxDef) {
            prepareWrite(vector, from, to);
            if (base >= 0 && vector instanceof BaseVariableWidthVector v) {
                ArrowBuf offsets = v.getOffsetBuffer();
                boolean dense = maxDef == 0 || vector.getNullCount() == 0;
                int b = (int) base;
                byte[] s = scratch;
                for (int i = from; i < to; i++) {
                    if (!dense && vector.isNull(i)) {
                        w.writeNull(0, 0);
                        continue;
                    }
                    int start = offsets.getInt((long) i * 4);
                    int end = offsets.getInt((long) i * 4 + 4);
                    w.write(Binary.fromReusedByteArray(s, start - b, end - start), 0, maxDef);
                }
                return;
            }
            for (int i = from; i < to; i++) {
                if (maxDef > 0 && vector.isNull(i)) {
                    w.writeNull(0, 0);
                } else {
                    write(w, vector, i, 0, maxDef);
                }
            }
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            Binary b = r.getBinary();
            if (vector instanceof BaseVariableWidthVector v) {
                ByteBuffer bb = b.toByteBuffer();
                v.setSafe(slot, bb, bb.position(), bb.remaining());
            } else if (vector instanceof BaseLargeVariableWidthVector v) {
                ByteBuffer bb = b.toByteBuffer();
                v.setSafe(slot, bb, bb.position(), bb.remaining());
            } else {
                byte[] bytes = b.getBytesUnsafe();
                ((BaseVariableWidthViewVector) vector).setSafe(slot, bytes, 0, bytes.length);
            }
        }

        @Override
        void readFlat(ColumnReader r, FieldVector vector, int count, int maxDef) {
            if (!(vector instanceof BaseVariableWidthVector v)) {
                super.readFlat(r, vector, count, maxDef);
                return;
            }
            for (int i = 0; i < count; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    ByteBuffer bb = r.getBinary().toByteBuffer();
                    v.setSafe(i, bb, bb.position(), bb.remaining());
                }
                r.consume();
            }
        }
    }

    static final class FixedBinaryCodec extends LeafCodec {
        private final byte[] scratch;

        FixedBinaryCodec(int width, LogicalTypeAnnotation a) {
            super(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, width, a);
            this.scratch = new byte[width];
        }

        @Override
        LeafCodec copy() {
            return new FixedBinaryCodec(typeLength, annotation);
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            vector.getDataBuffer().getBytes((long) index * typeLength, scratch, 0, typeLength);
            w.write(Binary.fromReusedByteArray(scratch), rep, def);
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            Binary b = r.getBinary();
            if (b.length() != typeLength) {
                throw new IllegalStateException("fixed-size value of " + b.length() + " bytes, expected " + typeLength);
            }
            ((FixedSizeBinaryVector) vector).setSafe(slot, b.getBytesUnsafe());
        }
    }

    /**
     * Arrow year-month and day-time intervals as the Parquet INTERVAL annotation: 12 little-endian
     * bytes holding months, days and milliseconds.
     */
    static final class IntervalCodec extends LeafCodec {
        private final IntervalUnit unit;
        private final byte[] scratch = new byte[12];

        IntervalCodec(IntervalUnit unit) {
            super(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, 12, LogicalTypeAnnotation.IntervalLogicalTypeAnnotation.getInstance());
            this.unit = unit;
        }

        @Override
        LeafCodec copy() {
            return new IntervalCodec(unit);
        }

        @Override
        void write(ColumnWriter w, FieldVector vector, int index, int rep, int def) {
            ByteBuffer b = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
            ArrowBuf data = vector.getDataBuffer();
            if (unit == IntervalUnit.YEAR_MONTH) {
                b.putInt(0, data.getInt((long) index * 4)).putInt(4, 0).putInt(8, 0);
            } else {
                b.putInt(0, 0).putInt(4, data.getInt((long) index * 8)).putInt(8, data.getInt((long) index * 8 + 4));
            }
            w.write(Binary.fromReusedByteArray(scratch), rep, def);
        }

        @Override
        void read(ColumnReader r, FieldVector vector, int slot) {
            ByteBuffer b = r.getBinary().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int p = b.position();
            BaseFixedWidthVector fw = (BaseFixedWidthVector) vector;
            while (slot >= fw.getValueCapacity()) {
                fw.reAlloc();
            }
            ArrowBuf data = fw.getDataBuffer();
            if (unit == IntervalUnit.YEAR_MONTH) {
                if (b.getInt(p + 4) != 0 || b.getInt(p + 8) != 0) {
                    throw new IllegalStateException("interval with days or milliseconds cannot be read as year-month");
                }
                data.setInt((long) slot * 4, b.getInt(p));
            } else {
                if (b.getInt(p) != 0) {
                    throw new IllegalStateException("interval with months cannot be read as day-time");
                }
                data.setInt((long) slot * 8, b.getInt(p + 4));
                data.setInt((long) slot * 8 + 4, b.getInt(p + 8));
            }
            fw.setIndexDefined(slot);
        }
    }

    static void setBit(ArrowBuf validity, int index) {
        long byteIndex = index >>> 3;
        validity.setByte(byteIndex, validity.getByte(byteIndex) | (1 << (index & 7)));
    }
}
