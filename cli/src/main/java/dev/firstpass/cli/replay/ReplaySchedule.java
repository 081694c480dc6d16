package dev.firstpass.cli.replay;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.recording.RecordedRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Orders a recording as if its runs were live: every run starts, then epoch by epoch each run that
 * reached that epoch reports it, followed by the acks of the kicks applied right after it (a kick
 * after epoch k acts before epoch k + 1, so its ack comes between the two), and a run finishes after
 * its last epoch.
 */
final class ReplaySchedule {
    private final String experiment;
    private final List<RecordedArm> arms;
    private final ReplayTopics topics;
    private final Clock clock;

    ReplaySchedule(String experiment, List<RecordedArm> arms, ReplayTopics topics, Clock clock) {
        this.experiment = experiment;
        this.arms = List.copyOf(arms);
        this.topics = topics;
        this.clock = clock;
    }

    /** Total records a replay publishes, for progress. */
    int size() {
        int records = 0;
        for (RecordedArm arm : arms) {
            for (RecordedRun run : arm.runs()) {
                records += 2 + run.epochCount();
                for (int epoch = 1; epoch <= run.epochCount(); epoch++) {
                    records += arm.kickedAfter(run, epoch) ? 1 : 0;
                }
            }
        }
        return records;
    }

    /** Hands the records to {@code step} one epoch at a time, in publication order. */
    void forEachStep(Consumer<List<ReplayRecord>> step) {
        List<ReplayRecord> starts = new ArrayList<>();
        for (RecordedArm arm : arms) {
            for (RecordedRun run : arm.runs()) {
                starts.add(lifecycle(runId(arm, run), new RunStarted(experiment, runId(arm, run), arm.name(),
                        clock.instant(), 0L, run.epochCount(), false, Map.of("source", run.source().toString()))));
            }
        }
        step.accept(starts);
        int longest = arms.stream().flatMap(arm -> arm.runs().stream()).mapToInt(RecordedRun::epochCount).max().orElse(0);
        for (int epoch = 1; epoch <= longest; epoch++) {
            step.accept(epochStep(epoch));
        }
    }

    private List<ReplayRecord> epochStep(int epoch) {
        List<ReplayRecord> records = new ArrayList<>();
        List<ReplayRecord> acks = new ArrayList<>();
        List<ReplayRecord> finishes = new ArrayList<>();
        for (RecordedArm arm : arms) {
            for (RecordedRun run : arm.runs()) {
                if (epoch > run.epochCount()) {
                    continue;
                }
                String runId = runId(arm, run);
                int kicksSoFar = kicksBefore(arm, run, epoch);
                records.add(new ReplayRecord(topics.epochs(), runId, new EpochEvent(experiment, runId, arm.name(), epoch,
                        0, clock.instant(), run.metricsAt(epoch), kicksSoFar, Map.of())));
                if (arm.kickedAfter(run, epoch)) {
                    String commandId = "replay-" + runId + "-" + epoch;
                    acks.add(new ReplayRecord(topics.acks(), runId, new Ack(commandId, experiment, runId,
                            Ack.Status.APPLIED, epoch, null, clock.instant())));
                }
                if (epoch == run.epochCount()) {
                    finishes.add(lifecycle(runId, new RunFinished(experiment, runId, clock.instant(),
                            RunFinished.Reason.COMPLETED, epoch)));
                }
            }
        }
        records.addAll(acks);
        records.addAll(finishes);
        return records;
    }

    private static int kicksBefore(RecordedArm arm, RecordedRun run, int epoch) {
        int kicks = 0;
        for (int earlier = 1; earlier < epoch; earlier++) {
            kicks += arm.kickedAfter(run, earlier) ? 1 : 0;
        }
        return kicks;
    }

    private ReplayRecord lifecycle(String runId, dev.firstpass.core.protocol.WireMessage message) {
        return new ReplayRecord(topics.lifecycle(), runId, message);
    }

    /** Run ids are unique across arms: the same seed file name appears in every arm folder. */
    static String runId(RecordedArm arm, RecordedRun run) {
        return arm.name() + "/" + run.runId();
    }
}
