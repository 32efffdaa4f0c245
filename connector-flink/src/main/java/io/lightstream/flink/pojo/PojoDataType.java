package io.lightstream.flink.pojo;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * The Flink structured {@link DataType} that binds a POJO class to a row type: one attribute per
 * row field, named like it, with the row field's logical type bridged to the Java class of the POJO
 * field of the same name. Flink's {@code DataStructureConverters} then convert between the POJO and
 * internal rows in both directions.
 */
public final class PojoDataType {
    private PojoDataType() {}

    /**
     * The structured type of {@code type} over {@code rowType}.
     *
     * @throws ValidationException the class lacks a field of the row type, or a field's Java class
     *     cannot hold the column's type; the message names the field
     */
    public static DataType of(Class<?> type, RowType rowType) {
        List<DataTypes.Field> fields = new ArrayList<>(rowType.getFieldCount());
        for (RowType.RowField rowField : rowType.getFields()) {
            Field javaField = findField(type, rowField.getName());
            if (javaField == null) {
                throw new ValidationException("POJO class " + type.getName() + " has no field '" + rowField.getName()
                        + "' for column '" + rowField.getName() + "' of " + rowType.asSummaryString());
            }
            Class<?> javaType = javaField.getType();
            DataType columnType = TypeConversions.fromLogicalToDataType(rowField.getType());
            if (javaType.isPrimitive()) {
                // A primitive cannot hold null: such fields bind to the NOT NULL form of the column.
                columnType = columnType.notNull();
            }
            try {
                fields.add(DataTypes.FIELD(rowField.getName(), columnType.bridgedTo(javaType)));
            } catch (RuntimeException e) {
                throw new ValidationException("POJO field " + type.getName() + "." + rowField.getName() + " of class "
                        + javaType.getName() + " cannot hold column type " + rowField.getType().asSummaryString(), e);
            }
        }
        return DataTypes.STRUCTURED(type, fields.toArray(new DataTypes.Field[0]));
    }

    private static Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
                    return f;
                }
            }
        }
        return null;
    }
}
