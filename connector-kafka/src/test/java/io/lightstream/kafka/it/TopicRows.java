package io.lightstream.kafka.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The {@link RowFiles} rows a source connector put into a topic as schemaless JSON ({@code
 * {"id": ..., "name": ...}}), read up to the topic's end.
 */
final class TopicRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TopicRows() {}

    static RowFiles.Rows read(EmbeddedKafkaCluster kafka, String topic) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = kafka.consumeAll(60_000, topic);
        } catch (Exception e) {
            throw new AssertionError("cannot read topic " + topic, e);
        }
        Map<Long, String> byId = new HashMap<>();
        long duplicates = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode row;
            try {
                row = JSON.readTree(r.value());
            } catch (IOException e) {
                throw new UncheckedIOException("record " + r.offset() + " of " + topic + " is not JSON", e);
            }
            if (byId.put(row.get("id").asLong(), row.get("name").isNull() ? null : row.get("name").asText()) != null) {
                duplicates++;
            }
        }
        return new RowFiles.Rows(byId, duplicates);
    }
}
