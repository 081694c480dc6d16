package dev.firstpass.monitor.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link DeadLetter} back into the original key and value bytes with the reason and origin
 * in headers, logs it and counts it.
 */
final class DeadLetterWriter implements Processor<Object, DeadLetter, byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);

    private final Map<DeadLetterKind, Sensor> sensors = new EnumMap<>(DeadLetterKind.class);
    private ProcessorContext<byte[], byte[]> context;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<Object, DeadLetter> record) {
        DeadLetter letter = record.value();
        SourceRecord source = letter.source();
        LOG.warn("dead-lettered {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), letter.reason());
        sensor(letter.kind()).record();
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("firstpass.dlq.")) {
                headers.add(header);
            }
        }
        headers.add(DeadLetterHeaders.REASON, utf8(letter.reason()));
        headers.add(DeadLetterHeaders.KIND, utf8(letter.kind().label()));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(source.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        context.forward(new Record<>(source.key(), source.value(), record.timestamp(), headers));
    }

    // Sensors are per stream thread; creating them lazily keeps unused kinds out of the metrics.
    private Sensor sensor(DeadLetterKind kind) {
        return sensors.computeIfAbsent(kind, k -> context.metrics().addRateTotalSensor(
                DeadLetters.METRIC_SCOPE, k.label(), DeadLetters.METRIC_OPERATION, Sensor.RecordingLevel.INFO));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
