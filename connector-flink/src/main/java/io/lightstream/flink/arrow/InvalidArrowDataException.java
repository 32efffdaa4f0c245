package io.lightstream.flink.arrow;

import org.apache.flink.util.FlinkRuntimeException;

/**
 * Values that cannot be converted between Arrow and Flink although the types matched: a null in a
 * NOT NULL column, a dictionary index outside its dictionary, an unsigned 64-bit value above
 * BIGINT's range, a timestamp beyond the range of its Arrow unit, a null map key. The message names
 * the column and the offending value or position.
 */
public class InvalidArrowDataException extends FlinkRuntimeException {
    private static final long serialVersionUID = 1L;

    private final String column;

    public InvalidArrowDataException(String column, String message) {
        super("column '" + column + "': " + message);
        this.column = column;
    }

    /** Path of the offending column. */
    public String column() {
        return column;
    }
}
