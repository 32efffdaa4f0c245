package io.lightstream.kafka.mapping;

/**
 * Names of the Connect schema parameters and logical schema names that record what the Connect data
 * model cannot say about an Arrow column: unsigned and narrower-than-Connect types, time units, time
 * zones, fixed widths, alternative physical layouts and field metadata.
 *
 * <p>The source sets a parameter only where the default Connect to Arrow mapping would not restore
 * the original type, so plain columns carry no parameters. The sink honours them, which is what
 * makes Arrow to Kafka to Arrow lossless. Converters that keep schema parameters (JSON with
 * schemas, Avro, Protobuf) carry them through the topic.
 */
public final class ArrowParameters {
    private ArrowParameters() {}

    /** The original Arrow type when it differs from the default mapping, e.g. {@code uint8}, {@code large_utf8}. */
    public static final String TYPE = "arrow.type";
    /** Time unit of times, timestamps and durations: {@code SECOND}, {@code MILLISECOND}, {@code MICROSECOND}, {@code NANOSECOND}. */
    public static final String UNIT = "arrow.unit";
    /** Time zone of an Arrow timestamp; absent on a timestamp with {@link #TYPE} set means "no time zone". */
    public static final String TIMEZONE = "arrow.timezone";
    /** Byte width of a fixed-size binary column. */
    public static final String BYTE_WIDTH = "arrow.byte_width";
    /** Element count of a fixed-size list column. */
    public static final String LIST_SIZE = "arrow.list_size";
    /** {@code true} when an Arrow map declares its keys sorted. */
    public static final String KEYS_SORTED = "arrow.keys_sorted";
    /** Name of a list element or map entry child field when it is not the default. */
    public static final String CHILD_NAME = "arrow.child_name";
    /** Index type of a dictionary-encoded column (e.g. {@code int32}); values travel decoded. */
    public static final String DICTIONARY_INDEX = "arrow.dictionary_index";
    /** Prefix of parameters that carry Arrow field (or, on the top-level struct, schema) custom metadata. */
    public static final String METADATA_PREFIX = "arrow.metadata.";
    /** Decimal precision, under the name Confluent's converters use. */
    public static final String DECIMAL_PRECISION = "connect.decimal.precision";

    /** Logical name of an INT64 timestamp with a sub-millisecond unit ({@link #UNIT}, {@link #TIMEZONE}). */
    public static final String TIMESTAMP_NAME = "io.lightstream.arrow.Timestamp";
    /** Logical name of an INT64 time of day with a sub-millisecond unit ({@link #UNIT}). */
    public static final String TIME_NAME = "io.lightstream.arrow.Time";
    /** Logical name of an INT64 duration ({@link #UNIT}). */
    public static final String DURATION_NAME = "io.lightstream.arrow.Duration";
    /** Logical name of an INT32 year-month interval, in months. */
    public static final String INTERVAL_YEAR_MONTH_NAME = "io.lightstream.arrow.IntervalYearMonth";
    /** Logical name of a day-time interval struct {@code {days INT32, milliseconds INT32}}. */
    public static final String INTERVAL_DAY_TIME_NAME = "io.lightstream.arrow.IntervalDayTime";
    /** Logical name of a month-day-nano interval struct {@code {months INT32, days INT32, nanoseconds INT64}}. */
    public static final String INTERVAL_MONTH_DAY_NANO_NAME = "io.lightstream.arrow.IntervalMonthDayNano";
}
