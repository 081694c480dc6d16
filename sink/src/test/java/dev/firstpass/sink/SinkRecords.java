package dev.firstpass.sink;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.Evidence;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.PlateauEvent;
import dev.firstpass.core.protocol.Schedule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Representative records of every topic the sink reads, shared by its tests. */
final class SinkRecords {

    static final Instant T = Instant.parse("2025-02-06T12:00:00Z");
    static final long T_NS = 1_738_843_200_000_000_000L;

    private SinkRecords() {
    }

    static EpochEvent epoch(String experiment, String run, String arm, int epoch, Instant time, double acc) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_acc", acc);
        metrics.put("test_loss", 1.0 - acc);
        return new EpochEvent(experiment, run, arm, epoch, 0, time, metrics, 0, Map.of());
    }

    static Command command(String id, String run, Instant issuedAt) {
        return new Command(id, "c100", run, PerturbationKind.SHRINK_PERTURB, Map.of(), Schedule.nextEpoch(), issuedAt);
    }

    static Ack ackOf(Command command, int epoch, Instant time) {
        return Ack.applied(command, epoch, time);
    }

    static FptStats stats(String arm, Instant time) {
        return new FptStats("c100", arm, "test_acc", 0.85, FptStats.MAX, 8, 2, List.of(1.0, 0.75, 0.5),
                2, 0.25, 12.5, true, false, 0.8, 3, 4,
                List.of(new FptStats.Prediction(5, 10.5, 9.0, 12.25, true),
                        new FptStats.Prediction(20, null, null, null, false)),
                5, 4, 7, true, "tau*=5 beats no perturbation", time);
    }

    /** An exploiting controller's command to kick run r1 every 20 epochs from epoch 41, with its evidence. */
    static Decision commandDecision(Instant time) {
        Command command = new Command("c100/r1/1-exploit-20", "c100", "r1", PerturbationKind.SHRINK_PERTURB, Map.of(),
                Schedule.every(20).fromEpoch(41), time, "exploit-20");
        Evidence evidence = new Evidence("probe-10", 0.85, T.minusSeconds(2), 12, 17, 18, 20, 18, 25, 41.5, 38.0,
                Double.NaN, 52.0, null, null, false, true, "perturb: shrink_perturb every 20 epochs");
        return new Decision("c100", 7, DecisionType.COMMAND_ISSUED, Phase.EXPLOIT, "r1", null, "exploit-20", 20, null,
                null, 41, command.commandId(), command, false, evidence, "kick every 20 epochs from epoch 41", time);
    }

    /** The controller moving experiment c100 to probing at tau0 = 5, before there is any evidence. */
    static Decision phaseDecision(Instant time) {
        return new Decision("c100", 1, DecisionType.PHASE_CHANGED, Phase.PROBE, null, null, null, 5, null, null, null,
                null, null, false, null, "the baseline is quasi-steady", time);
    }

    static PlateauEvent plateau(String arm, Instant time) {
        return new PlateauEvent("c100", "r1", arm, 40, true, -1.5e-4, 0.62, 10, time);
    }
}
