package dev.firstpass.controller;

import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunLifecycle;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one input record into the facts of its experiment. A record that cannot be read is logged and
 * counted, never fatal: the monitor owns the dead-letter topic, and the controller only needs the
 * records it can trust.
 */
final class InputRecords {

    private static final Logger LOG = LoggerFactory.getLogger(InputRecords.class);

    private final ControllerConfig config;
    private final Map<String, ExperimentFacts> facts;
    private final ExperimentRetirement retirement;
    private long unreadable;

    InputRecords(ControllerConfig config, Map<String, ExperimentFacts> facts, ExperimentRetirement retirement) {
        this.config = config;
        this.facts = facts;
        this.retirement = retirement;
    }

    /** The experiment whose facts changed, if any. */
    Optional<String> take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        ControllerTopics topics = config.topics();
        String topic = record.topic();
        try {
            if (topic.equals(topics.epochs())) {
                return take(ProtocolJson.parseEpochEvent(record.value()), EpochEvent::experiment);
            }
            if (topic.equals(topics.lifecycle())) {
                return take(ProtocolJson.parseRunLifecycle(record.value()), RunLifecycle::experiment);
            }
            if (topic.equals(topics.acks())) {
                return take(ProtocolJson.parseAck(record.value()), Ack::experiment);
            }
            if (topic.equals(topics.fptStats())) {
                return take(ProtocolJson.parseFptStats(record.value()), FptStats::experiment);
            }
        } catch (InvalidRecordException e) {
            unreadable++;
            LOG.warn("skipping unreadable record at {}-{}@{}: {}", topic, record.partition(), record.offset(),
                    e.getMessage());
        }
        return Optional.empty();
    }

    /** Records skipped because they could not be read. */
    long unreadable() {
        return unreadable;
    }

    private <T> Optional<String> take(T message, Function<T, String> experimentOf) {
        String experiment = experimentOf.apply(message);
        if (!config.controls(experiment)) {
            return Optional.empty();
        }
        if (retirement.isRetired(experiment)) {
            LOG.debug("ignoring a record for retired experiment {}", experiment);
            return Optional.empty();
        }
        ExperimentFacts known = facts.computeIfAbsent(experiment, ExperimentFacts::new);
        boolean changed;
        if (message instanceof EpochEvent event) {
            changed = known.record(event);
        } else if (message instanceof RunLifecycle lifecycle) {
            changed = known.record(lifecycle);
        } else if (message instanceof Ack ack) {
            changed = known.record(ack);
        } else {
            changed = known.record((FptStats) message);
        }
        return changed ? Optional.of(experiment) : Optional.empty();
    }
}
