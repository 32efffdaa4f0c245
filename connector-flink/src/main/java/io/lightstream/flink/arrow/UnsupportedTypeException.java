package io.lightstream.flink.arrow;

import org.apache.flink.table.api.ValidationException;

/**
 * A column whose type cannot be carried between Flink and Arrow, or whose Arrow type in a stream
 * cannot be read as the declared Flink type. Raised at planning time (table creation, source and
 * sink construction) or when a stream's schema is first seen.
 *
 * <p>The message names the column (a path such as {@code address.city}, {@code tags[]} or {@code
 * prices{value}}) and both types involved.
 */
public class UnsupportedTypeException extends ValidationException {
    private static final long serialVersionUID = 1L;

    private final String column;

    public UnsupportedTypeException(String column, String message) {
        super("column '" + column + "': " + message);
        this.column = column;
    }

    /** Path of the offending column, e.g. {@code address.city}. */
    public String column() {
        return column;
    }
}
