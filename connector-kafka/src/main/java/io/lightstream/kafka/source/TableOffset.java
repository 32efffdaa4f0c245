package io.lightstream.kafka.source;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source offset of a table record, {@code {batch, row}} (see {@link SourceOffsets}): an
 * immutable two-entry map that the worker stores and serialises like any other, made without
 * boxing or hashing for every row. It also points at its batch's {@link DeliveryTracker.Batch}, so
 * {@code commitRecord} reaches the batch without a lookup; that reference is not part of the map
 * (not in its entries, equality or hash).
 *
 * <p>Immutable; thread-safe.
 */
final class TableOffset extends AbstractMap<String, Object> {
    private final long batch;
    private final long row;
    private final DeliveryTracker.Batch delivery;

    TableOffset(long batch, long row, DeliveryTracker.Batch delivery) {
        this.batch = batch;
        this.row = row;
        this.delivery = delivery;
    }

    /** The tracked batch this record belongs to. */
    DeliveryTracker.Batch delivery() {
        return delivery;
    }

    long batch() {
        return batch;
    }

    long row() {
        return row;
    }

    @Override
    public Object get(Object key) {
        if (SourceOffsets.BATCH.equals(key)) {
            return batch;
        }
        if (SourceOffsets.ROW.equals(key)) {
            return row;
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return SourceOffsets.BATCH.equals(key) || SourceOffsets.ROW.equals(key);
    }

    @Override
    public int size() {
        return 2;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    /** Batch first, then row: the order the offset is shown in. */
    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        List<Map.Entry<String, Object>> entries = List.of(Map.entry(SourceOffsets.BATCH, batch),
                Map.entry(SourceOffsets.ROW, row));
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return entries.iterator();
            }

            @Override
            public int size() {
                return 2;
            }
        };
    }
}
