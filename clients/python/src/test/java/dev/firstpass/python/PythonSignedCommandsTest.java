package dev.firstpass.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands signed in Java (the controller's {@link CommandSigner}) are verified by a Python trainer, which
 * applies the genuine ones at their epochs and refuses every forgery with the reason a Java trainer gives.
 */
class PythonSignedCommandsTest {

    static {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final String RUN = "signed-s0";
    private static final String FAILED = "command authentication failed: ";
    private static final String SIGNED_HEADERS = "ce_id, ce_specversion, ce_type, ce_source, ce_subject, ce_time,"
            + " content-type";
    private static final CommandKey KEY = CommandKey.generate("k1", new SecureRandom());
    private static final CommandKey OTHER = CommandKey.generate("k9", new SecureRandom());

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePython() {
        PythonFleet.assumePythonWithTorchAndKafka();
    }

    private record Outgoing(Map<String, String> headers, byte[] body) {
    }

    private static Command command(String id, PerturbationKind kind, Map<String, Double> params, Schedule schedule,
            Instant issued) {
        return new Command(id, "signed", RUN, kind, params, schedule, issued);
    }

    private static Outgoing signed(CommandKey key, Command command) {
        byte[] body = ProtocolJson.writeBytes(command);
        return new Outgoing(CommandSigner.withKey(key).sign(CloudEventHeaders.forCommand(command, "/test"), body), body);
    }

    @Test
    void genuineCommandsActAtTheirEpochsAndEveryForgeryIsRefusedWithItsReason() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Command periodic = new Command("periodic", "signed", RUN, PerturbationKind.SHRINK_PERTURB, Map.of(),
                Schedule.every(3).fromEpoch(2), now, "probe-3");
        Command reset = command("reset", PerturbationKind.PARTIAL_RESET, Map.of("fraction", 0.5), Schedule.nextEpoch(),
                now);
        Command unsigned = command("unsigned", PerturbationKind.FULL_RESET, Map.of(), Schedule.nextEpoch(), now);
        Command unknownKey = command("unknown-key", PerturbationKind.FULL_RESET, Map.of(), Schedule.nextEpoch(), now);
        Command tampered = command("tampered", PerturbationKind.WARM_RESTART, Map.of(), Schedule.nextEpoch(), now);
        Command stronger = command("tampered", PerturbationKind.FULL_RESET, Map.of(), Schedule.nextEpoch(), now);
        Command redirected = command("redirected", PerturbationKind.FULL_RESET, Map.of(), Schedule.nextEpoch(), now);
        Command stale = command("stale", PerturbationKind.FULL_RESET, Map.of(), Schedule.nextEpoch(),
                now.minus(Duration.ofMinutes(10)));
        byte[] badParams = ("{\"schema\":1,\"command_id\":\"bad-params\",\"experiment\":\"signed\",\"run_id\":\"" + RUN
                + "\",\"kind\":\"shrink_perturb\",\"params\":{\"shrink\":1.5},\"schedule\":{\"type\":\"next_epoch\"},"
                + "\"issued_at\":\"" + now + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> badParamsHeaders = new LinkedHashMap<>(CloudEventHeaders.forCommand(unsigned, "/test"));
        badParamsHeaders.put(CloudEventHeaders.ID, "bad-params");

        List<Outgoing> outgoing = new ArrayList<>();
        outgoing.add(signed(KEY, periodic));
        outgoing.add(signed(KEY, periodic)); // a copy: ignored as a duplicate, not answered twice
        outgoing.add(signed(KEY, reset));
        outgoing.add(new Outgoing(CloudEventHeaders.forCommand(unsigned, "/test"), ProtocolJson.writeBytes(unsigned)));
        outgoing.add(signed(OTHER, unknownKey));
        outgoing.add(new Outgoing(signed(KEY, tampered).headers(), ProtocolJson.writeBytes(stronger)));
        Map<String, String> otherRun = new LinkedHashMap<>(signed(KEY, redirected).headers());
        otherRun.put(CloudEventHeaders.SUBJECT, "signed-s1");
        outgoing.add(new Outgoing(otherRun, ProtocolJson.writeBytes(redirected)));
        outgoing.add(signed(KEY, stale));
        outgoing.add(new Outgoing(CommandSigner.withKey(KEY).sign(badParamsHeaders, badParams), badParams));

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            broker.createTopics(Map.of(Topics.EPOCH_EVENTS, 3, Topics.RUN_LIFECYCLE, 3, Topics.COMMANDS, 3,
                    Topics.ACKS, 3));
            send(broker.bootstrapServers(), outgoing);

            JsonNode summary;
            try (PythonFleet fleet = PythonFleet.start(dir, "signed", List.of("--bootstrap", broker.bootstrapServers(),
                    "--experiment", "signed", "--runs", RUN, "--epochs", "9", "--controllable"),
                    Map.of("FIRSTPASS_COMMAND_KEYS", KEY.asText()))) {
                summary = fleet.awaitSummary(Duration.ofMinutes(2));
            }

            List<Ack> acks = TopicRecords.readAll(broker.bootstrapServers(), Topics.ACKS).stream()
                    .map(record -> ProtocolJson.parseAck(record.value())).toList();
            // The trainer's clock is real here, so the age of the stale command is matched, not spelt out.
            assertThat(acks).filteredOn(ack -> ack.commandId().equals("stale")).singleElement()
                    .extracting(Ack::reason).asString().matches(java.util.regex.Pattern.quote(FAILED + "stale: ce_time "
                            + stale.issuedAt() + " is 10 min") + "( \\d+ s)?( \\d+ ms)? before this clock's \\S+Z;"
                            + " commands are accepted within 5 min of it");
            assertThat(acks).filteredOn(ack -> !ack.commandId().equals("stale"))
                    .extracting(Ack::commandId, Ack::status, Ack::epoch, Ack::reason).containsExactlyInAnyOrder(
                    tuple("periodic", Ack.Status.APPLIED, 2, null),
                    tuple("periodic", Ack.Status.APPLIED, 5, null),
                    tuple("periodic", Ack.Status.APPLIED, 8, null),
                    tuple("reset", Ack.Status.APPLIED, 1, null),
                    tuple("unsigned", Ack.Status.REFUSED, null,
                            FAILED + "unsigned: the command has no firstpass-key-id and firstpass-signature headers"),
                    tuple("unknown-key", Ack.Status.REFUSED, null,
                            FAILED + "unknown key id: 'k9' is not among the accepted keys (k1)"),
                    tuple("tampered", Ack.Status.REFUSED, null, FAILED + "bad signature: the body or a signed header ("
                            + SIGNED_HEADERS + ") is not what key 'k1' signed"),
                    tuple("redirected", Ack.Status.REFUSED, null, FAILED + "bad signature: the body or a signed header ("
                            + SIGNED_HEADERS + ") is not what key 'k1' signed"),
                    tuple("bad-params", Ack.Status.REFUSED, null,
                            "invalid command: shrink_perturb parameter 'shrink' must be in (0, 1]: 1.5"));
            JsonNode run = summary.get(0);
            assertThat(run.get("finished").asText()).isEqualTo("completed");
            assertThat(run.get("kicks").toString()).isEqualTo(
                    "[[1,\"reset\",\"partial_reset\"],[2,\"periodic\",\"shrink_perturb\"],"
                            + "[5,\"periodic\",\"shrink_perturb\"],[8,\"periodic\",\"shrink_perturb\"]]");
            assertThat(run.get("weights_changed").toString()).isEqualTo("[true,true,true,true]");
            List<EpochEvent> epochs = TopicRecords.readAll(broker.bootstrapServers(), Topics.EPOCH_EVENTS).stream()
                    .map(record -> ProtocolJson.parseEpochEvent(record.value())).toList();
            // Each event carries the kicks before it; the arm the command assigned is reported from the next epoch.
            assertThat(epochs).extracting(EpochEvent::perturbationsApplied).containsExactly(0, 1, 2, 2, 2, 3, 3, 3, 4);
            assertThat(epochs).extracting(EpochEvent::arm).containsExactly(null, "probe-3", "probe-3", "probe-3",
                    "probe-3", "probe-3", "probe-3", "probe-3", "probe-3");
        }
    }

    private static void send(String bootstrapServers, List<Outgoing> commands) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Outgoing command : commands) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.COMMANDS, RUN, command.body());
                command.headers().forEach((name, value) -> record.headers().add(name,
                        value.getBytes(StandardCharsets.UTF_8)));
                producer.send(record);
            }
            producer.flush();
        }
    }
}
