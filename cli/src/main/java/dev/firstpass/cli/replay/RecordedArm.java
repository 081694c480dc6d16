package dev.firstpass.cli.replay;

import dev.firstpass.core.recording.RecordedRun;
import java.util.List;
import java.util.OptionalInt;

/** An arm read from disk for replay: its name, its kick period if it was perturbed, and its runs. */
record RecordedArm(String name, OptionalInt period, List<RecordedRun> runs) {

    RecordedArm {
        runs = List.copyOf(runs);
    }

    /** True when the run was kicked right after {@code epoch}: a multiple of the period before its last epoch. */
    boolean kickedAfter(RecordedRun run, int epoch) {
        return period.isPresent() && epoch % period.getAsInt() == 0 && epoch < run.epochCount();
    }
}
