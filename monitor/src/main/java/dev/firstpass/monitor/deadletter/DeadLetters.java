package dev.firstpass.monitor.deadletter;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * The dead-letter path: the processor that writes dead letters, and the counts it keeps in Kafka
 * Streams' metrics (one {@value #TOTAL_METRIC} per {@link DeadLetterKind}, group {@value #METRIC_GROUP}).
 */
public final class DeadLetters {

    static final String METRIC_SCOPE = "firstpass-monitor";
    static final String METRIC_OPERATION = "dead-letters";
    /** The group of the dead-letter metrics. */
    public static final String METRIC_GROUP = "stream-" + METRIC_SCOPE + "-metrics";
    /** The cumulative count of dead letters of one kind, on one stream thread. */
    public static final String TOTAL_METRIC = METRIC_OPERATION + "-total";
    /** The tag naming the {@link DeadLetterKind#label()}. */
    public static final String KIND_TAG = METRIC_SCOPE + "-id";

    private DeadLetters() {
    }

    /** The processor that writes {@link DeadLetter}s as the original bytes plus reason headers. */
    public static ProcessorSupplier<Object, DeadLetter, byte[], byte[]> writer() {
        return DeadLetterWriter::new;
    }

    /** Dead letters counted so far by kind label, summed over stream threads, from Kafka Streams' metrics. */
    public static Map<String, Long> counts(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Long> counts = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            if (METRIC_GROUP.equals(name.group()) && TOTAL_METRIC.equals(name.name())) {
                long count = Math.round(((Number) metric.metricValue()).doubleValue());
                counts.merge(name.tags().get(KIND_TAG), count, Long::sum);
            }
        });
        return counts;
    }

    /** All dead letters counted so far. */
    public static long total(Map<MetricName, ? extends Metric> metrics) {
        return counts(metrics).values().stream().mapToLong(Long::longValue).sum();
    }
}
