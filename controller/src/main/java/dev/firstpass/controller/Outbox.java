package dev.firstpass.controller;

import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.signing.CommandSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes one evaluation's decisions and the commands among them in one Kafka transaction: a command
 * is on the commands topic exactly when its decision is on the audit trail, which is what lets a
 * restarted controller know, from the trail alone, every command ever sent. Commands are signed when
 * the configuration holds a key.
 *
 * <p>The transactional id is the controller id, so starting a controller fences off any predecessor
 * with the same id and aborts whatever it left half-published.
 */
final class Outbox implements AutoCloseable {

    /** A newer controller with the same id took over; this one must stop. */
    static final class FencedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FencedException(Throwable cause) {
            super("another controller with the same controller.id took over: " + cause.getMessage(), cause);
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final ControllerTopics topics;
    private final String source;
    private final CommandSigner signer;
    private long commandsSent;

    Outbox(ControllerConfig config) {
        Properties props = config.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.controllerId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topics = config.topics();
        this.source = config.commandSource();
        this.signer = config.commandSigner().orElse(null);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Publishes all or nothing.
     *
     * @throws FencedException when a newer controller took over
     * @throws org.apache.kafka.common.KafkaException when publishing failed; nothing was published
     */
    void publish(List<Decision> decisions) {
        long commands = 0;
        try {
            producer.beginTransaction();
            for (Decision decision : decisions) {
                producer.send(new ProducerRecord<>(topics.decisions(), decision.experiment(),
                        ProtocolJson.writeBytes(decision)));
                if (decision.type() == DecisionType.COMMAND_ISSUED && !decision.dryRun()) {
                    producer.send(commandRecord(decision.command()));
                    commands++;
                }
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw new FencedException(e);
        } catch (RuntimeException e) {
            producer.abortTransaction();
            throw e;
        }
        commandsSent += commands;
    }

    /** Commands published since start. */
    long commandsSent() {
        return commandsSent;
    }

    private ProducerRecord<String, byte[]> commandRecord(Command command) {
        byte[] body = ProtocolJson.writeBytes(command);
        Map<String, String> headers = CloudEventHeaders.forCommand(command, source);
        if (signer != null) {
            headers = signer.sign(headers, body);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.commands(), command.runId(), body);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
