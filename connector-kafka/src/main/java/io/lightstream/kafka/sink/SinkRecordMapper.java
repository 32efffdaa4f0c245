package io.lightstream.kafka.sink;

import io.lightstream.kafka.mapping.ConnectSchemaMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Finds the rows in a record value and the Arrow schema they are written with:
 *
 * <ul>
 *   <li>a {@link Struct} with a STRUCT schema: one row, schema from the Connect schema;
 *   <li>a list with an ARRAY of STRUCT schema (what the Arrow IPC converter produces for a whole
 *       batch): one row per element;
 *   <li>a {@link Map}, or a list of maps, without a Connect schema: rows of the declared schemaless
 *       schema, keyed by column name.
 * </ul>
 *
 * Arrow schemas are derived once per Connect schema; the same Connect schema always gives the same
 * Arrow schema instance, which makes the per-record schema check an identity test.
 *
 * <p>Used by the task thread only; not thread-safe.
 */
final class SinkRecordMapper {
    private static final int CACHE_SIZE = 64;

    /**
     * The rows of one record and their Arrow schema: one row ({@code value} a Struct or a Map), or
     * with {@code many} a list of them.
     */
    record Rows(org.apache.arrow.vector.types.pojo.Schema schema, Object value, boolean many) {}

    private final ConnectSchemaMapper mapper;
    private final org.apache.arrow.vector.types.pojo.Schema declared;
    private final Map<Schema, org.apache.arrow.vector.types.pojo.Schema> cache = new HashMap<>();
    private Schema lastConnect;
    private org.apache.arrow.vector.types.pojo.Schema lastArrow;

    SinkRecordMapper(ConnectSchemaMapper mapper, Optional<org.apache.arrow.vector.types.pojo.Schema> declared) {
        this.mapper = mapper;
        this.declared = declared.orElse(null);
    }

    /**
     * The rows of a record with a non-null value.
     *
     * @throws DataException naming the record's problem: a value that is not rows, or a Connect
     *     schema with no Arrow counterpart (the column is named)
     */
    Rows rows(SinkRecord record) {
        Object value = record.value();
        Schema schema = record.valueSchema();
        if (schema != null && schema.type() == Schema.Type.STRUCT) {
            return new Rows(arrowOf(schema), value, false);
        }
        if (schema != null && schema.type() == Schema.Type.ARRAY && schema.valueSchema().type() == Schema.Type.STRUCT) {
            return new Rows(arrowOf(schema.valueSchema()), value, true);
        }
        if (declared != null && value instanceof Map<?, ?>) {
            return new Rows(declared, value, false);
        }
        if (declared != null && schema == null && value instanceof List<?> list
                && list.stream().allMatch(e -> e instanceof Map<?, ?>)) {
            return new Rows(declared, list, true);
        }
        if (schema == null && value instanceof Map<?, ?>) {
            throw new DataException("the record has no schema (a schemaless map); declare its Arrow schema in "
                    + LightstreamSinkConfig.SCHEMALESS_SCHEMA + ", or use a converter that carries schemas");
        }
        throw new DataException("the record value is " + describe(schema, value) + "; rows are Structs, arrays of"
                + " Structs, or maps of column names to values with " + LightstreamSinkConfig.SCHEMALESS_SCHEMA);
    }

    /** The Arrow schema of a row of a null-valued record, when one can be known without a current batch. */
    org.apache.arrow.vector.types.pojo.Schema schemaOfTombstone(SinkRecord record) {
        Schema schema = record.valueSchema();
        if (schema != null && schema.type() == Schema.Type.STRUCT) {
            return arrowOf(schema);
        }
        return declared;
    }

    private org.apache.arrow.vector.types.pojo.Schema arrowOf(Schema schema) {
        if (schema == lastConnect) {
            return lastArrow;
        }
        org.apache.arrow.vector.types.pojo.Schema arrow = cache.get(schema);
        if (arrow == null) {
            arrow = mapper.toArrow(schema);
            if (cache.size() >= CACHE_SIZE) {
                cache.clear();
            }
            cache.put(schema, arrow);
        }
        lastConnect = schema;
        lastArrow = arrow;
        return arrow;
    }

    private static String describe(Schema schema, Object value) {
        String type = schema == null ? "schemaless" : "a Connect " + schema.type()
                + (schema.name() == null ? "" : " named " + schema.name());
        return type + " " + value.getClass().getSimpleName();
    }
}
