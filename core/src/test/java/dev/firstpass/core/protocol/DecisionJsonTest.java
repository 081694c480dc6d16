package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {

    private static final Instant TIME = Instant.parse("2025-02-06T12:00:00Z");
    private static final Evidence EVIDENCE = new Evidence("probe-20", 0.8, Instant.parse("2025-02-06T11:59:58Z"), 12,
            17, 18, 18, 18, 20, 31.5, 28.0, 35.25, 52.0, 44.5, 61.0, false, true,
            "perturb: shrink_perturb every 18 epochs: ...");

    private static Decision command() {
        Command command = new Command("cifar/seed-3/1-exploit-18", "cifar", "seed-3", PerturbationKind.SHRINK_PERTURB,
                Map.of(), Schedule.every(18).fromEpoch(41), TIME, "exploit-18");
        return new Decision("cifar", 7, DecisionType.COMMAND_ISSUED, Phase.EXPLOIT, "seed-3", null, "exploit-18", 18,
                null, null, 41, command.commandId(), command, false, EVIDENCE, "exploit: kick every 18 epochs from epoch 41",
                TIME);
    }

    @Test
    void aCommandDecisionIsWrittenWithTheCommandAsSentAndWithoutUnknownFields() {
        assertThat(ProtocolJson.write(command())).isEqualTo("{\"schema\":1,\"experiment\":\"cifar\",\"sequence\":7,"
                + "\"type\":\"command_issued\",\"phase\":\"exploit\",\"run_id\":\"seed-3\",\"arm\":\"exploit-18\","
                + "\"tau\":18,\"epoch\":41,\"command_id\":\"cifar/seed-3/1-exploit-18\",\"command\":{\"schema\":1,"
                + "\"command_id\":\"cifar/seed-3/1-exploit-18\",\"experiment\":\"cifar\",\"run_id\":\"seed-3\","
                + "\"kind\":\"shrink_perturb\",\"params\":{\"shrink\":0.4,\"perturb\":0.1},\"schedule\":{\"type\":"
                + "\"periodic\",\"every\":18,\"from_epoch\":41},\"issued_at\":\"2025-02-06T12:00:00Z\",\"arm\":"
                + "\"exploit-18\"},\"dry_run\":false,\"evidence\":{\"stats_arm\":\"probe-20\",\"target\":0.8,"
                + "\"stats_time\":\"2025-02-06T11:59:58Z\",\"runs\":12,\"t_qss\":17,\"tau_min\":18,\"tau_star\":18,"
                + "\"tau_star_low\":18,\"tau_star_high\":20,\"predicted_mfpt\":31.5,\"predicted_low\":28.0,"
                + "\"predicted_high\":35.25,\"baseline_mfpt\":52.0,\"baseline_low\":44.5,\"baseline_high\":61.0,"
                + "\"baseline_is_lower_bound\":false,\"recommend\":true,\"monitor_reason\":\"perturb: shrink_perturb"
                + " every 18 epochs: ...\"},\"reason\":\"exploit: kick every 18 epochs from epoch 41\","
                + "\"time\":\"2025-02-06T12:00:00Z\"}");
    }

    @Test
    void everyKindOfDecisionReadsBackEqual() {
        List<Decision> decisions = List.of(
                command(),
                new Decision("cifar", 1, DecisionType.PHASE_CHANGED, Phase.PROBE, null, null, null, 20, null, null,
                        null, null, null, false, EVIDENCE, "the baseline is quasi-steady", TIME),
                new Decision("cifar", 2, DecisionType.TAU_CHANGED, Phase.EXPLOIT, null, null, null, 12, 11, 14, null,
                        null, null, false, EVIDENCE, "tau* moved", TIME),
                new Decision("cifar", 3, DecisionType.ARM_ASSIGNED, Phase.PROBE, "seed-4", Role.HOLDOUT, "baseline",
                        null, null, null, null, null, null, false, null, "held out", TIME),
                new Decision("cifar", 4, DecisionType.REFUSAL_SEEN, Phase.PROBE, "seed-5", null, null, null, null,
                        null, null, "cifar/seed-5/1-probe-20", null, false, EVIDENCE, "refused", TIME),
                new Decision("cifar", 5, DecisionType.COMMAND_ISSUED, Phase.PROBE, "seed-6", null, "probe-20", null,
                        null, null, null, "cifar/seed-6/2-stop", new Command("cifar/seed-6/2-stop", "cifar", "seed-6",
                                PerturbationKind.SHRINK_PERTURB, Map.of(), Schedule.stop(), TIME, "probe-20"),
                        true, EVIDENCE, "stop", TIME));

        for (Decision decision : decisions) {
            assertThat(ProtocolJson.parseDecision(ProtocolJson.writeBytes(decision))).isEqualTo(decision);
            assertThat(ProtocolJson.parseDecision(ProtocolJson.write(decision))).isEqualTo(decision);
        }
    }

    @Test
    void aDecisionOfAnotherSchemaOrWithBrokenRulesIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ProtocolJson.parseDecision("{\"schema\":2}"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("unsupported schema version 2 (supported: 1)");
        assertThatThrownBy(() -> ProtocolJson.parseDecision("{\"schema\":1,\"experiment\":\"e\",\"sequence\":0,"
                + "\"type\":\"arm_assigned\",\"phase\":\"probe\",\"reason\":\"r\",\"time\":\"2025-02-06T12:00:00Z\"}"))
                .hasMessage("sequence must be at least 1: 0; run_id is required for arm_assigned;"
                        + " role is required for arm_assigned");
        assertThatThrownBy(() -> ProtocolJson.parseDecision("[1]")).hasMessage("a message must be a JSON object: [1]");
    }

    @Test
    void aBrokenCommandInsideADecisionIsNamedAsTheCommandsProblem() {
        String json = ProtocolJson.write(command()).replace("\"kind\":\"shrink_perturb\"", "\"kind\":\"shake\"");

        assertThatThrownBy(() -> ProtocolJson.parseDecision(json))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("command: kind must be one of shrink_perturb, partial_reset, full_reset, warm_restart,"
                        + " weight_noise: \"shake\"");
    }
}
