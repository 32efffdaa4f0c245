/**
 * Conversion between Arrow and the Kafka Connect data model, written once for the source, the sink
 * and the converter: {@link io.lightstream.kafka.mapping.ConnectSchemaMapper} maps schemas both
 * ways, {@link io.lightstream.kafka.mapping.RowReader} turns Arrow rows into Connect {@code Struct}s
 * and {@link io.lightstream.kafka.mapping.RowWriter} appends Connect values to Arrow vectors. The
 * {@code arrow.*} schema parameters named in {@link io.lightstream.kafka.mapping.ArrowParameters}
 * carry what Connect cannot express itself, so an Arrow table survives Arrow to Kafka to Arrow
 * without loss.
 */
package io.lightstream.kafka.mapping;
