/**
 * The sink: copies the FirstPass topics into InfluxDB for dashboards, as a plain Kafka consumer group.
 *
 * <p>{@link dev.firstpass.sink.InfluxSink} runs it, {@link dev.firstpass.sink.SinkConfig} says how, and
 * {@link dev.firstpass.sink.Measurements} names what it writes. It reads the protocol's typed records of
 * {@code core} and nothing of the monitor or the controller, whose records it copies.
 */
package dev.firstpass.sink;
