package io.lightstream.kafka.mapping;

import org.apache.kafka.connect.errors.DataException;

/**
 * A column whose type has no counterpart on the other side, or whose schema parameters are
 * inconsistent. The message and {@link #column()} name the column by its dotted path (list elements
 * as {@code []}, map keys and values as {@code {key}} and {@code {value}}).
 */
public class SchemaMappingException extends DataException {
    private final String column;

    public SchemaMappingException(String column, String message) {
        super("column '" + column + "': " + message);
        this.column = column;
    }

    /** Dotted path of the offending column. */
    public String column() {
        return column;
    }
}
