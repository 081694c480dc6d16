package dev.firstpass.monitor.deadletter;

/**
 * An input record as it arrived, kept so that a record found unusable later can be dead-lettered
 * byte for byte with where it came from.
 *
 * @param key the key bytes, or null
 * @param value the value bytes, or null
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 */
public record SourceRecord(byte[] key, byte[] value, String topic, int partition, long offset) {
}
