/**
 * The source connector: Arrow tables read from Lightstream endpoints become Kafka records, one per
 * row or one per batch. Each endpoint is a source partition; the offset of a record is the batch
 * sequence and the number of that batch's rows already delivered.
 */
package io.lightstream.kafka.source;
