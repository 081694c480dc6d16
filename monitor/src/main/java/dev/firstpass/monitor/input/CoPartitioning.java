package dev.firstpass.monitor.input;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Finds the inputs that arrived in a partition other than their run's, so that they can be sent to the
 * right one: a run's state lives in the task of partition murmur2(run id) mod the partition count, where
 * Java clients put a record keyed by run id. Other producers partition otherwise (librdkafka, and so
 * kcat, confluent-kafka and most non-Java clients, default to CRC32), and a foreign format's records
 * are keyed however their producer chose; read where they landed, such records would make a second
 * state for the run in another task.
 *
 * <p>Each input is tagged in place or not. Those in place go straight to the run step; the others cross
 * a repartition topic keyed by run id, which puts them in their run's partition. Records of a run that
 * one producer keys alike all land in one partition, so they are either all in place or all re-routed,
 * and keep their order. Unusable records go on in place: they are dead letters, not a run's.
 */
public final class CoPartitioning implements Processor<String, RunInput, String, CoPartitioning.Routed> {

    /** An input and whether it is already in its run's partition. */
    public record Routed(RunInput input, boolean inPlace) {
    }

    private final int partitions;
    private ProcessorContext<String, Routed> context;

    private CoPartitioning(int partitions) {
        this.partitions = partitions;
    }

    /** The router for a run step of {@code partitions} partitions. */
    public static ProcessorSupplier<String, RunInput, String, Routed> router(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a run step needs at least 1 partition: " + partitions);
        }
        return () -> new CoPartitioning(partitions);
    }

    /** The partition of {@code runId}'s state: where a Java producer puts a record keyed by it. */
    public static int partitionOf(String runId, int partitions) {
        return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, RunInput> record) {
        boolean inPlace = record.key() == null || record.value() instanceof RunInput.Unusable
                || context.recordMetadata().map(meta -> meta.partition() == partitionOf(record.key(), partitions))
                        .orElse(true);
        context.forward(record.withValue(new Routed(record.value(), inPlace)));
    }
}
