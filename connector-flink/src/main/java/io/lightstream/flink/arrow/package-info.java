/**
 * The single mapping between Flink logical types and Arrow fields ({@link
 * io.lightstream.flink.arrow.ArrowTypeMapping}), and the binding of a declared Flink row type to the
 * schema of an Arrow stream ({@link io.lightstream.flink.arrow.RowTypeBinding}).
 *
 * <p>Reading goes through {@link io.lightstream.flink.arrow.vectors} (Flink column vectors over
 * Arrow vectors), writing through {@link io.lightstream.flink.arrow.writers} (Arrow vectors filled
 * from Flink rows).
 */
package io.lightstream.flink.arrow;
