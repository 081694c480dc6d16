package dev.firstpass.controller.loop;

import dev.firstpass.core.protocol.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a monitor is behind the epoch events published so far, from its committed offsets. */
public final class MonitorLag {

    private MonitorLag() {
    }

    /**
     * Epoch events published and not yet committed by the monitor with {@code applicationId}; -1 when the
     * broker cannot say (it is away, or the monitor has not committed yet).
     */
    public static long of(Admin admin, String applicationId) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartition partition : committed.keySet()) {
                if (partition.topic().equals(Topics.EPOCH_EVENTS)) {
                    latest.put(partition, OffsetSpec.latest());
                }
            }
            var ends = admin.listOffsets(latest).all().get();
            return latest.keySet().stream()
                    .mapToLong(p -> Math.max(0, ends.get(p).offset() - committed.get(p).offset())).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException e) {
            return -1;
        }
    }

    /** Whether the monitor has committed every epoch event published so far. */
    public static boolean caughtUp(Admin admin, String applicationId) {
        return of(admin, applicationId) == 0;
    }
}
