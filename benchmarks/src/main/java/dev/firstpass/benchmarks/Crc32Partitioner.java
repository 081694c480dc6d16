package dev.firstpass.benchmarks;

import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * Partitions keyed records as librdkafka does by default (kcat, confluent-kafka): CRC32 of the key,
 * modulo the partition count, so that the monitor's re-routing of records found outside their run's
 * partition can be measured.
 */
public final class Crc32Partitioner implements Partitioner {

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
            Cluster cluster) {
        CRC32 crc = new CRC32();
        crc.update(keyBytes);
        return (int) (crc.getValue() % cluster.partitionCountForTopic(topic));
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
