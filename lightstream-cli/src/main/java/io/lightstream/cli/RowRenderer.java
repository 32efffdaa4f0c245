package io.lightstream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lightstream.Batch;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.util.Text;

/**
 * Renders rows of batches for people (an aligned text table) or programs (one JSON object per line),
 * with dictionary columns decoded. Not thread-safe.
 */
final class RowRenderer {
    private static final int MAX_CELL = 48;

    private final ObjectMapper json = new ObjectMapper();
    private final PrintWriter out;
    private final boolean jsonLines;
    private boolean headerPrinted;
    private int[] widths;

    RowRenderer(PrintWriter out, boolean jsonLines) {
        this.out = out;
        this.jsonLines = jsonLines;
    }

    /** Prints rows {@code [0, count)} of {@code batch}. */
    void print(Batch batch, int count) throws JsonProcessingException {
        List<FieldVector> cols = batch.root().getFieldVectors();
        if (jsonLines) {
            for (int r = 0; r < count; r++) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (FieldVector v : cols) {
                    row.put(v.getName(), jsonValue(value(batch, v, r)));
                }
                out.println(json.writeValueAsString(row));
            }
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            String[] cells = new String[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                cells[c] = cell(value(batch, cols.get(c), r));
            }
            rows.add(cells);
        }
        if (!headerPrinted) {
            widths = new int[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                widths[c] = Math.min(MAX_CELL, cols.get(c).getName().length());
                for (String[] row : rows) {
                    widths[c] = Math.max(widths[c], row[c].length());
                }
            }
            String[] header = new String[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                header[c] = cols.get(c).getName();
            }
            line(header);
            StringBuilder rule = new StringBuilder();
            for (int w : widths) {
                rule.append("-".repeat(w)).append("-+-");
            }
            out.println(rule.substring(0, Math.max(0, rule.length() - 3)));
            headerPrinted = true;
        }
        for (String[] row : rows) {
            line(row);
        }
    }

    private void line(String[] cells) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String s = cells[c].length() > widths[c] ? cells[c].substring(0, Math.max(0, widths[c] - 1)) + "…" : cells[c];
            sb.append(s).append(" ".repeat(Math.max(0, widths[c] - s.length())));
            if (c < cells.length - 1) {
                sb.append(" | ");
            }
        }
        out.println(sb.toString().stripTrailing());
    }

    private static Object value(Batch batch, FieldVector v, int row) {
        if (v.isNull(row)) {
            return null;
        }
        if (v.getField().getDictionary() != null && v instanceof BaseIntVector idx) {
            Dictionary d = batch.dictionaries().lookup(v.getField().getDictionary().getId());
            return d == null ? idx.getValueAsLong(row) : d.getVector().getObject((int) idx.getValueAsLong(row));
        }
        return v.getObject(row);
    }

    private static String cell(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof byte[] b) {
            StringBuilder sb = new StringBuilder("0x");
            for (int i = 0; i < Math.min(b.length, 16); i++) {
                sb.append(String.format("%02x", b[i]));
            }
            return b.length > 16 ? sb.append("…").toString() : sb.toString();
        }
        Object j = jsonValue(o);
        return j instanceof String s ? s : String.valueOf(j);
    }

    /** A value Jackson writes faithfully: text as strings, binary as base64, temporal values in ISO form. */
    private static Object jsonValue(Object o) {
        if (o == null || o instanceof Number || o instanceof Boolean) {
            if (o instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return d.toString();
            }
            if (o instanceof Float f && (f.isNaN() || f.isInfinite())) {
                return f.toString();
            }
            return o;
        }
        if (o instanceof Text t) {
            return t.toString();
        }
        if (o instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (o instanceof Character c) {
            return (int) c;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object e : l) {
                out.add(jsonValue(e));
            }
            return out;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(jsonValue(e.getKey())), jsonValue(e.getValue()));
            }
            return out;
        }
        return o.toString();
    }
}
