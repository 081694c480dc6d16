package dev.firstpass.sink;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.Schedule;
import java.nio.charset.StandardCharsets;
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

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
