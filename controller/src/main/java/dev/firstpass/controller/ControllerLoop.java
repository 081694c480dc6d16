package dev.firstpass.controller;

import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.controller.policy.ExperimentPolicy;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.Decision;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's one thread: takes its decisions back from the audit trail, reads every input topic
 * from the beginning to rebuild the facts, and from then on decides on each change.
 *
 * <p>While catching up it only learns: deciding on a state the inputs have long left behind would
 * command runs that have moved on. Inputs are read without a consumer group, from the beginning, so the
 * facts never depend on offsets committed by an earlier instance.
 */
final class ControllerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ControllerConfig config;
    private final Clock clock;
    private final Map<String, ExperimentFacts> facts = new TreeMap<>();
    private final Map<String, ExperimentPolicy> policies = new TreeMap<>();
    private final InputRecords inputs;
    private final ExperimentRetirement retirement;
    private final CountDownLatch live = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile List<ExperimentStatus> status = List.of();
    private volatile long commandsSent;
    private volatile int retiredExperiments;
    private volatile KafkaConsumer<String, byte[]> consumer;

    ControllerLoop(ControllerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.retirement = new ExperimentRetirement(config.experimentRetention());
        this.inputs = new InputRecords(config, facts, retirement);
    }

    @Override
    public void run() {
        try (Outbox outbox = new Outbox(config)) {
            for (Decision decision : DecisionLog.read(config, STARTUP_TIMEOUT)) {
                policy(decision.experiment()).apply(decision);
            }
            publishStatus();
            consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
            if (!running) {
                return;
            }
            follow(outbox);
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            if (consumer != null) {
                consumer.close();
            }
            running = false;
            live.countDown();
            stopped.countDown();
        }
    }

    private void follow(Outbox outbox) {
        ControllerTopics topics = config.topics();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.lifecycle(), topics.epochs(), topics.acks(), topics.fptStats())) {
            partitions.addAll(KafkaTopics.partitions(consumer, topic, STARTUP_TIMEOUT));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> caughtUpAt = consumer.endOffsets(partitions, STARTUP_TIMEOUT);
        Set<String> dirty = new TreeSet<>();
        boolean catchingUp = true;
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                inputs.take(record).ifPresent(experiment -> {
                    dirty.add(experiment);
                    retirement.changed(experiment, clock.instant());
                });
            }
            if (catchingUp && KafkaTopics.reached(consumer, caughtUpAt)) {
                catchingUp = false;
                dirty.addAll(facts.keySet());
                LOG.info("caught up with the inputs: {} experiments", facts.size());
                live.countDown();
            }
            if (!catchingUp) {
                dirty.removeIf(experiment -> decide(experiment, outbox));
                commandsSent = outbox.commandsSent();
                retireFinishedExperiments(dirty);
            }
            publishStatus();
        }
    }

    private void retireFinishedExperiments(Set<String> dirty) {
        for (String experiment : retirement.due(facts, clock.instant())) {
            if (dirty.contains(experiment)) {
                continue;
            }
            ExperimentFacts known = facts.remove(experiment);
            policies.remove(experiment);
            retirement.retire(experiment);
            retiredExperiments = retirement.retiredCount();
            LOG.info("retired experiment {}: its {} runs finished and nothing changed for {}", experiment,
                    known.runs().size(), config.experimentRetention());
        }
    }

    /** Decides and publishes for one experiment; false when publishing failed and it must be tried again. */
    private boolean decide(String experiment, Outbox outbox) {
        ExperimentPolicy policy = policy(experiment);
        List<Decision> decisions = policy.decide(facts.get(experiment), clock.instant());
        if (decisions.isEmpty()) {
            return true;
        }
        try {
            outbox.publish(decisions);
        } catch (Outbox.FencedException e) {
            throw e;
        } catch (KafkaException e) {
            // The decisions were not applied, so the next evaluation decides them again, with the same ids.
            LOG.warn("could not publish {} decisions for {}; retrying: {}", decisions.size(), experiment,
                    e.getMessage());
            return false;
        }
        decisions.forEach(policy::apply);
        return true;
    }

    private ExperimentPolicy policy(String experiment) {
        return policies.computeIfAbsent(experiment, name -> ExperimentPolicy.firstPassage(name, config.policy()));
    }

    private Properties consumerProperties() {
        Properties props = config.clientProperties();
        // Statistics come from the monitor's transactions; an aborted one must never drive a decision.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    private void publishStatus() {
        status = policies.values().stream().map(ExperimentPolicy::status).toList();
    }

    private void fail(Throwable e) {
        failure.set(e);
        LOG.error("the controller stopped", e);
    }

    boolean awaitLive(Duration timeout) throws InterruptedException {
        return live.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) && failure.get() == null
                && running;
    }

    List<ExperimentStatus> status() {
        return status;
    }

    long commandsSent() {
        return commandsSent;
    }

    long unreadableRecords() {
        return inputs.unreadable();
    }

    int retiredExperiments() {
        return retiredExperiments;
    }

    Throwable failure() {
        return failure.get();
    }

    boolean running() {
        return running;
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
