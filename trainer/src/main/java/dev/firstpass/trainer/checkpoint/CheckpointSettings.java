package dev.firstpass.trainer.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where and how often a run saves checkpoints.
 *
 * @param dir the folder holding one subfolder per run id
 * @param every save after every this many epochs (and after the last one)
 */
public record CheckpointSettings(Path dir, int every) {

    public CheckpointSettings {
        Objects.requireNonNull(dir, "dir");
    }

    /** Checkpoints in {@code dir} after every {@code epochs} epochs. */
    public static CheckpointSettings everyEpochs(int epochs, Path dir) {
        return new CheckpointSettings(dir, epochs);
    }

    /** Every problem, naming the rule and the value; empty when usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (every < 1) {
            problems.add("checkpoint period must be at least 1 epoch: " + every);
        }
        return problems;
    }

    /** Whether to save after {@code epoch} of a run that ends after {@code lastEpoch}. */
    public boolean dueAfter(int epoch, int lastEpoch) {
        return epoch % every == 0 || epoch == lastEpoch;
    }
}
