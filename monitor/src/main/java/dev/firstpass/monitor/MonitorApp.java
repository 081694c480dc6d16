package dev.firstpass.monitor;

import dev.firstpass.monitor.deadletter.DeadLetters;
import dev.firstpass.monitor.query.MonitorHttpServer;
import dev.firstpass.monitor.query.MonitorQueries;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running monitor: the {@link MonitorTopology} in Kafka Streams, and the HTTP queries when a port
 * is configured.
 *
 * <p>A stream thread that dies of an unexpected exception is replaced rather than taking the monitor
 * down; its tasks resume from the last commit.
 */
public final class MonitorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final MonitorQueries queries;
    private final MonitorHttpServer http;

    private MonitorApp(KafkaStreams streams, MonitorQueries queries, MonitorHttpServer http) {
        this.streams = streams;
        this.queries = queries;
        this.http = http;
    }

    /**
     * Validates {@code config}, checks that the input topics exist (creating the missing topics when the
     * configuration says so), then starts the monitor; returns once started, not once running.
     *
     * @throws MonitorConfigException when the configuration is not usable
     * @throws MonitorTopicsException when input topics are missing or Kafka cannot be asked about them
     */
    public static MonitorApp start(MonitorConfig config, Clock clock) {
        config.validate();
        int runPartitions = TopicCheck.runPartitions(config);
        KafkaStreams streams = new KafkaStreams(MonitorTopology.build(config, clock, runPartitions),
                config.toStreamsProperties());
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("a stream thread failed; replacing it", exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setGlobalStateRestoreListener(new RestoreLog());
        MonitorQueries queries = MonitorQueries.of(streams);
        streams.start();
        MonitorHttpServer http = null;
        if (config.httpPort() != 0) {
            try {
                http = MonitorHttpServer.start(queries, new InetSocketAddress(config.httpHost(), config.httpPort()));
            } catch (RuntimeException e) {
                streams.close(CLOSE_TIMEOUT);
                throw e;
            }
        }
        return new MonitorApp(streams, queries, http);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Waits until the streams are running (assigned their tasks, restored and processing).
     *
     * @return whether they were running within {@code timeout}
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /**
     * The tasks this instance runs now, e.g. "0_2" (sub-topology 0, partition 2); instances with the
     * same application id split the tasks between them.
     */
    public SortedSet<String> activeTasks() {
        SortedSet<String> tasks = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> tasks.add(task.taskId().toString()));
        }
        return tasks;
    }

    /** Records sent to the dead-letter topic since start. */
    public long dlqCount() {
        return DeadLetters.total(streams.metrics());
    }

    /** Records sent to the dead-letter topic since start, by kind (e.g. "malformed-json"). */
    public Map<String, Long> dlqCounts() {
        return DeadLetters.counts(streams.metrics());
    }

    /** Queries over this instance's stores. */
    public MonitorQueries queries() {
        return queries;
    }

    /** The port HTTP queries are served on, if any. */
    public OptionalInt httpPort() {
        return http == null ? OptionalInt.empty() : OptionalInt.of(http.port());
    }

    /**
     * Stops at once, as a crash would as far as the group is concerned: Kafka Streams is told to close
     * but not waited for, so in-flight work is abandoned and a replacement must pick up from the last
     * commit and the changelogs. Leaving the group spares the replacement the session timeout.
     */
    void closeWithoutWaiting() {
        if (http != null) {
            http.close();
        }
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ZERO));
    }

    /**
     * Stops serving queries, then stops Kafka Streams, leaving the consumer group so that a replacement
     * instance takes over the partitions at once rather than after the session timeout.
     */
    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }
}
