package io.lightstream.format.parquet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Parses the {@code filter} read property into a Parquet {@link FilterPredicate} used to skip row
 * groups whose statistics, dictionaries or bloom filters prove no row can match.
 *
 * <p>Grammar: comparisons {@code column op literal} with {@code op} one of {@code = == != <> < <=
 * > >=}, joined by {@code and} (binding tighter) and {@code or}. Columns are dotted leaf paths;
 * literals are numbers, {@code true}/{@code false}, or single-quoted strings ({@code ''} for a
 * quote), compared as the column's physical Parquet value (days for dates, the stored unit for
 * timestamps). The filter only skips whole row groups: rows of a group that is read are all
 * returned. Stateless.
 */
final class RowGroupPredicate {
    private final String text;
    private final MessageType schema;
    private final List<String> tokens = new ArrayList<>();
    private int pos;

    private RowGroupPredicate(String text, MessageType schema) {
        this.text = text;
        this.schema = schema;
    }

    /**
     * @throws IllegalArgumentException naming the problem (unknown column, bad literal, syntax)
     */
    static FilterPredicate parse(String text, MessageType schema) {
        RowGroupPredicate p = new RowGroupPredicate(text, schema);
        p.tokenize();
        FilterPredicate f = p.or();
        if (p.pos != p.tokens.size()) {
            throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
        }
        return f;
    }

    private void tokenize() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder sb = new StringBuilder("'");
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw error("unterminated string");
                    }
                    char d = text.charAt(i++);
                    if (d == '\'') {
                        if (i < text.length() && text.charAt(i) == '\'') {
                            sb.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(d);
                    }
                }
                tokens.add(sb.toString());
            } else if ("<>=!".indexOf(c) >= 0) {
                int j = i + 1;
                if (j < text.length() && "<>=".indexOf(text.charAt(j)) >= 0) {
                    j++;
                }
                tokens.add(text.substring(i, j));
                i = j;
            } else {
                int j = i;
                while (j < text.length() && !Character.isWhitespace(text.charAt(j))
                        && "<>=!'".indexOf(text.charAt(j)) < 0) {
                    j++;
                }
                tokens.add(text.substring(i, j));
                i = j;
            }
        }
    }

    private FilterPredicate or() {
        FilterPredicate left = and();
        while (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase("or")) {
            pos++;
            left = FilterApi.or(left, and());
        }
        return left;
    }

    private FilterPredicate and() {
        FilterPredicate left = comparison();
        while (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase("and")) {
            pos++;
            left = FilterApi.and(left, comparison());
        }
        return left;
    }

    private String next(String what) {
        if (pos >= tokens.size()) {
            throw error("expected " + what + " at the end");
        }
        return tokens.get(pos++);
    }

    private FilterPredicate comparison() {
        String column = next("a column");
        String op = next("an operator");
        String literal = next("a value");
        String[] path = column.split("\\.");
        if (!schema.containsPath(path)) {
            throw error("no column '" + column + "' in the file");
        }
        org.apache.parquet.schema.Type t = schema.getType(path);
        if (!t.isPrimitive()) {
            throw error("'" + column + "' is a group, not a leaf column");
        }
        PrimitiveType p = t.asPrimitiveType();
        try {
            switch (p.getPrimitiveTypeName()) {
                case INT32:
                    return compare(FilterApi.intColumn(column), op, Integer.valueOf(literal));
                case INT64:
                    return compare(FilterApi.longColumn(column), op, Long.valueOf(literal));
                case FLOAT:
                    return compare(FilterApi.floatColumn(column), op, Float.valueOf(literal));
                case DOUBLE:
                    return compare(FilterApi.doubleColumn(column), op, Double.valueOf(literal));
                case BOOLEAN: {
                    String l = literal.toLowerCase(Locale.ROOT);
                    if (!l.equals("true") && !l.equals("false")) {
                        throw error("'" + column + "' is boolean; compare it with true or false");
                    }
                    Operators.BooleanColumn c = FilterApi.booleanColumn(column);
                    Boolean v = Boolean.valueOf(l);
                    return switch (op) {
                        case "=", "==" -> FilterApi.eq(c, v);
                        case "!=", "<>" -> FilterApi.notEq(c, v);
                        default -> throw error("boolean column '" + column + "' supports only = and !=");
                    };
                }
                case BINARY:
                case FIXED_LEN_BYTE_ARRAY: {
                    if (!literal.startsWith("'")) {
                        throw error("'" + column + "' holds bytes or text; quote the value");
                    }
                    return compare(FilterApi.binaryColumn(column), op, Binary.fromString(literal.substring(1)));
                }
                default:
                    throw error("'" + column + "' (" + p.getPrimitiveTypeName() + ") cannot be filtered");
            }
        } catch (NumberFormatException e) {
            throw error("'" + literal + "' is not a number, as column '" + column + "' needs");
        }
    }

    private <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt> FilterPredicate compare(
            C column, String op, T value) {
        return switch (op) {
            case "=", "==" -> FilterApi.eq(column, value);
            case "!=", "<>" -> FilterApi.notEq(column, value);
            case "<" -> FilterApi.lt(column, value);
            case "<=" -> FilterApi.ltEq(column, value);
            case ">" -> FilterApi.gt(column, value);
            case ">=" -> FilterApi.gtEq(column, value);
            default -> throw error("unknown operator '" + op + "'");
        };
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("parquet option 'filter' ('" + text + "'): " + what);
    }
}
