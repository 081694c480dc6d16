package dev.firstpass.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.trainer.checkpoint.CheckpointSettings;
import dev.firstpass.trainer.checkpoint.CheckpointState;
import dev.firstpass.trainer.checkpoint.RunFolder;
import dev.firstpass.trainer.perturb.LocalSchedule;
import dev.firstpass.trainer.perturb.Perturbations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochBoundaryOrderTest {

    @TempDir
    Path dir;

    @Test
    void aKickActsOnARecordedAndReportedEpochAndTheCheckpointAfterItHoldsTheKick() {
        Path records = dir.resolve("records");
        Path checkpoints = dir.resolve("checkpoints");
        RunFolder folder = RunFolder.of(checkpoints, "order-s0");
        Seen seen = new Seen(records.resolve("order-s0.csv"), folder);
        TinyJobs.Events events = new TinyJobs.Events();

        TinyJobs.builder("order").optEpochs(3).optRecordDir(records)
                .optCheckpoints(CheckpointSettings.everyEpochs(1, checkpoints))
                .optLocalSchedule(LocalSchedule.every(2, Perturbations.shrinkPerturb()))
                .addListener(events).addListener(seen).build().run();

        // The listeners hear epoch 2 before the kick after it, and that kick before epoch 3.
        assertThat(events.all).extracting(event -> event.getClass().getSimpleName() + " " + event.epoch())
                .containsExactly("Started 0", "EpochCompleted 1", "EpochCompleted 2", "PerturbationApplied 2",
                        "EpochCompleted 3", "Ended 3");
        // When the kick acts, epoch 2 is recorded (header and two rows) but not yet checkpointed.
        assertThat(seen.atKick).containsExactly("csv lines 3, checkpoint after epoch 1");
        // The checkpoint of epoch 2, seen when epoch 3 ends, was saved after the kick and the record.
        CheckpointState second = seen.atEpoch.get(2);
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(second.perturbationsApplied()).isEqualTo(1);
        assertThat(second.trajectory()).hasSize(2);
        assertThat(seen.atEpoch.get(1).perturbationsApplied()).isZero();
    }

    @Test
    void aBoundaryRunsItsListenersInTheGivenOrderAndStopsAtOneThatThrows() {
        List<String> calls = new ArrayList<>();
        EpochBoundary boundary = new EpochBoundary(List.of(
                (epoch, metrics) -> calls.add("first " + epoch),
                (epoch, metrics) -> calls.add("second " + epoch),
                (epoch, metrics) -> {
                    if (epoch == 2) {
                        throw new IllegalStateException("third fails after epoch " + epoch);
                    }
                    calls.add("third " + epoch);
                },
                (epoch, metrics) -> calls.add("fourth " + epoch)));

        boundary.cross(1, Map.of());

        assertThat(calls).containsExactly("first 1", "second 1", "third 1", "fourth 1");
        assertThatThrownBy(() -> boundary.cross(2, Map.of())).hasMessage("third fails after epoch 2");
        assertThat(calls).containsExactly("first 1", "second 1", "third 1", "fourth 1", "first 2", "second 2");
    }

    /** What the run's files hold when the listeners hear of a kick and of an epoch's end. */
    private static final class Seen implements RunListener {
        private final Path csv;
        private final RunFolder folder;
        final List<String> atKick = new ArrayList<>();
        // Index e: the latest checkpoint when epoch e + 1 ended (index 0 unused).
        final List<CheckpointState> atEpoch = new ArrayList<>();

        Seen(Path csv, RunFolder folder) {
            this.csv = csv;
            this.folder = folder;
            atEpoch.add(null);
        }

        @Override
        public void onPerturbation(RunEvent.PerturbationApplied event) {
            atKick.add("csv lines " + lines() + ", checkpoint after epoch "
                    + latest().map(CheckpointState::epoch).orElse(0));
        }

        @Override
        public void onEpoch(RunEvent.EpochCompleted event) {
            if (event.epoch() > 1) {
                atEpoch.add(latest().orElseThrow());
            }
        }

        private Optional<CheckpointState> latest() {
            return folder.checkpoints().latest();
        }

        private long lines() {
            try {
                return Files.readAllLines(csv).size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
