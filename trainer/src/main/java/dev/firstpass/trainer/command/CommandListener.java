package dev.firstpass.trainer.command;

import dev.firstpass.trainer.publish.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the commands topic on its own thread and hands the records keyed by this run's id to a
 * {@link CommandDesk}.
 *
 * <p>It reads every partition from the beginning without a consumer group: a group would split the
 * partitions among the runs of a fleet, and the desk's ledger already knows which commands were
 * answered, so re-reading old ones costs nothing (a desk that authenticates commands skips those too,
 * although they are stale by then). Records of other runs are skipped; they are theirs to answer.
 * {@link #awaitCaughtUp} lets a run start only once the commands already waiting have been read, so a
 * command sent before the run started acts at the same boundary every time.
 */
public final class CommandListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandListener.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(5);

    private final KafkaSettings settings;
    private final String runId;
    private final CommandDesk desk;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean closing;
    private boolean refusalReported;

    private CommandListener(KafkaSettings settings, String runId, CommandDesk desk) {
        this.settings = settings;
        this.runId = runId;
        this.desk = desk;
        this.consumer = new KafkaConsumer<>(consumerConfig(settings, runId));
        this.thread = new Thread(this::listen, "firstpass-commands-" + runId);
        thread.setDaemon(true);
    }

    /** Starts reading commands for {@code runId}. */
    public static CommandListener start(KafkaSettings settings, String runId, CommandDesk desk) {
        CommandListener listener = new CommandListener(settings, runId, desk);
        listener.thread.start();
        return listener;
    }

    /** Waits until the commands on the topic when reading began have been read; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen() {
        try {
            List<TopicPartition> partitions = partitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = endOffsets(partitions);
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (runId.equals(record.key())) {
                        desk.receive(headers(record), record.value() == null ? new byte[0] : record.value());
                    }
                }
                if (caughtUp.getCount() > 0 && reached(ends)) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.error("run {}: the command listener stopped: {}", runId, e.toString(), e);
        } finally {
            caughtUp.countDown();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** The partitions of the commands topic, waiting for the brokers as long as needed. */
    private List<TopicPartition> partitions() {
        while (!closing) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(settings.commandsTopic(), METADATA_WAIT);
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
                // No topic yet means no command yet: nothing to catch up with.
                caughtUp.countDown();
            } catch (KafkaException e) {
                if (e instanceof WakeupException wakeup) {
                    throw wakeup;
                }
                if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
                    // Retried like an outage, since credentials and ACLs can be fixed while the run trains.
                    if (!refusalReported) {
                        refusalReported = true;
                        LOG.warn("run {}: Kafka refuses to let this trainer read {}; retrying: {}", runId,
                                settings.commandsTopic(), e.toString());
                    }
                } else {
                    LOG.debug("run {}: commands topic not reachable yet: {}", runId, e.toString());
                }
            }
            sleep(METADATA_WAIT.toMillis() / 5);
        }
        return List.of();
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        while (!closing) {
            try {
                return consumer.endOffsets(partitions, METADATA_WAIT);
            } catch (KafkaException e) {
                if (e instanceof WakeupException wakeup) {
                    throw wakeup;
                }
                LOG.debug("run {}: end offsets not available yet: {}", runId, e.toString());
            }
        }
        return Map.of();
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            closing = true;
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> consumerConfig(KafkaSettings settings, String runId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "firstpass-trainer-commands-" + runId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.putAll(settings.security().clientProperties());
        config.putAll(settings.clientProperties());
        return config;
    }
}
