package io.lightstream.format.json;

/**
 * What a JSON reader does with a value whose JSON type does not match its column's Arrow type
 * (read option {@code mismatch}).
 */
public enum MismatchPolicy {
    /** Fail with a {@link io.lightstream.FormatException} naming the record and column (the default). */
    ERROR,
    /**
     * Convert where the meaning is clear: numeric text to numbers, numbers and booleans to text,
     * {@code 0}/{@code 1} and {@code "true"}/{@code "false"} to booleans, integral floats to
     * integers; anything else fails as {@link #ERROR} does.
     */
    COERCE,
    /** Store null instead (a non-nullable column still fails). */
    NULL
}
