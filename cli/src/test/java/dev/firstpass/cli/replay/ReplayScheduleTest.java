package dev.firstpass.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.WireMessage;
import dev.firstpass.core.recording.RecordedRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReplayScheduleTest {

    @Test
    void runsAdvanceEpochByEpochWithKickAcksBetweenTheEpochsTheyFallBetween() {
        RecordedArm baseline = new RecordedArm("base", OptionalInt.empty(), List.of(run("a", 3), run("b", 2)));
        RecordedArm kicked = new RecordedArm("kick2", OptionalInt.of(2), List.of(run("c", 5)));
        ReplaySchedule schedule = new ReplaySchedule("exp", List.of(baseline, kicked), ReplayTopics.defaults(),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

        List<String> order = new ArrayList<>();
        schedule.forEachStep(step -> step.forEach(record -> order.add(describe(record))));

        assertThat(order).containsExactly(
                "started base/a", "started base/b", "started kick2/c",
                "epoch base/a 1", "epoch base/b 1", "epoch kick2/c 1",
                "epoch base/a 2", "epoch base/b 2", "epoch kick2/c 2 kicks 0", "ack kick2/c 2", "finished base/b 2",
                "epoch base/a 3", "epoch kick2/c 3 kicks 1", "finished base/a 3",
                "epoch kick2/c 4 kicks 1", "ack kick2/c 4",
                "epoch kick2/c 5 kicks 2", "finished kick2/c 5");
        assertThat(schedule.size()).isEqualTo(order.size());
    }

    private static String describe(ReplayRecord record) {
        WireMessage message = record.message();
        if (message instanceof RunStarted started) {
            return "started " + started.runId();
        }
        if (message instanceof RunFinished finished) {
            return "finished " + finished.runId() + " " + finished.lastEpoch();
        }
        if (message instanceof Ack ack) {
            return "ack " + ack.runId() + " " + ack.epoch();
        }
        EpochEvent event = (EpochEvent) message;
        return "epoch " + event.runId() + " " + event.epoch()
                + (event.arm().equals("kick2") && event.epoch() > 1 ? " kicks " + event.perturbationsApplied() : "");
    }

    static RecordedRun run(String id, int epochs) {
        List<Map<String, Double>> metrics = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            metrics.add(Map.of("acc", (double) epoch));
        }
        return new RecordedRun(id, Path.of(id + ".csv"), metrics);
    }
}
