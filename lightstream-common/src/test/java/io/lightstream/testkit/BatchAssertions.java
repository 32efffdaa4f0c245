package io.lightstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.VectorEqualsVisitor;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ValueVectorUtility;

/** Assertions comparing Arrow batches value by value, dictionaries resolved, ids ignored. */
public final class BatchAssertions {
    private BatchAssertions() {}

    /**
     * Asserts that {@code actual} holds the same columns and values as {@code expected}, and that its
     * fields are those of {@code declared} (the schema the writer was given: Arrow Java's slices do not
     * always keep nullability, so the expected batch's own fields are not authoritative).
     */
    public static void assertSameData(Schema declared, VectorSchemaRoot expected, DictionaryProvider expectedDicts,
            VectorSchemaRoot actual, DictionaryProvider actualDicts) {
        assertThat(actual.getRowCount()).as("row count").isEqualTo(expected.getRowCount());
        List<FieldVector> e = expected.getFieldVectors();
        List<FieldVector> a = actual.getFieldVectors();
        assertThat(a).as("columns").hasSameSizeAs(e);
        for (int i = 0; i < e.size(); i++) {
            FieldVector ev = e.get(i);
            FieldVector av = a.get(i);
            String col = ev.getField().getName();
            assertSameField(declared.getFields().get(i), actual.getSchema().getFields().get(i));
            assertThat(av.getValueCount()).as(col + " value count").isEqualTo(ev.getValueCount());
            assertThat(VectorEqualsVisitor.vectorEquals(ev, av, BatchAssertions::sameType))
                    .as("column %s values\nexpected: %s\nactual:   %s", col,
                            ValueVectorUtility.getToString(ev, 0, ev.getValueCount()),
                            ValueVectorUtility.getToString(av, 0, av.getValueCount()))
                    .isTrue();
            if (ev.getField().getDictionary() != null) {
                Dictionary ed = expectedDicts.lookup(ev.getField().getDictionary().getId());
                Dictionary ad = actualDicts.lookup(av.getField().getDictionary().getId());
                assertThat(ad).as(col + " dictionary").isNotNull();
                for (int r = 0; r < ev.getValueCount(); r++) {
                    if (ev.isNull(r)) {
                        assertThat(av.isNull(r)).isTrue();
                        continue;
                    }
                    int ei = (int) ((org.apache.arrow.vector.BaseIntVector) ev).getValueAsLong(r);
                    int ai = (int) ((org.apache.arrow.vector.BaseIntVector) av).getValueAsLong(r);
                    assertThat(ad.getVector().getObject(ai)).as(col + " decoded row " + r)
                            .isEqualTo(ed.getVector().getObject(ei));
                }
            }
        }
    }

    private static boolean sameType(ValueVector a, ValueVector b) {
        return a.getField().getType().equals(b.getField().getType());
    }

    /** Names, types, nullability, metadata and children equal; dictionary index types equal, ids ignored. */
    public static void assertSameField(Field expected, Field actual) {
        assertThat(actual.getName()).isEqualTo(expected.getName());
        assertThat(actual.getType()).as(expected.getName() + " type").isEqualTo(expected.getType());
        assertThat(actual.isNullable()).as(expected.getName() + " nullable").isEqualTo(expected.isNullable());
        assertThat(actual.getMetadata()).as(expected.getName() + " metadata").isEqualTo(expected.getMetadata());
        assertThat(actual.getDictionary() == null).isEqualTo(expected.getDictionary() == null);
        if (expected.getDictionary() != null) {
            assertThat(actual.getDictionary().getIndexType()).isEqualTo(expected.getDictionary().getIndexType());
            assertThat(actual.getDictionary().isOrdered()).isEqualTo(expected.getDictionary().isOrdered());
        }
        assertThat(actual.getChildren()).hasSameSizeAs(expected.getChildren());
        for (int i = 0; i < expected.getChildren().size(); i++) {
            assertSameField(expected.getChildren().get(i), actual.getChildren().get(i));
        }
    }
}
