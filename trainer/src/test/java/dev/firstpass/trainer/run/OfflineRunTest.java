package dev.firstpass.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.recording.RecordingFiles;
import dev.firstpass.trainer.Seeds;
import dev.firstpass.trainer.checkpoint.CheckpointSettings;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.LearningRateSearch;
import dev.firstpass.trainer.perturb.LocalSchedule;
import dev.firstpass.trainer.perturb.Perturbations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineRunTest {

    @TempDir
    Path dir;

    @Test
    void recordsOneCsvRowPerEpochThatTheAnalysisReadsBack() throws Exception {
        TinyJobs.Events events = new TinyJobs.Events();
        RunOutcome outcome = TinyJobs.builder("rec").optSeed(4).optRecordDir(dir).addListener(events).build().run();

        List<Trajectory> arm = RecordingFiles.readArm(dir, MetricNames.TEST_ACCURACY);

        assertThat(outcome.reason()).isEqualTo(EndReason.COMPLETED);
        assertThat(Files.readAllLines(dir.resolve("rec-s4.csv")).get(0))
                .isEqualTo("train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,epoch_seconds");
        assertThat(arm).singleElement().satisfies(run -> {
            assertThat(run.runId()).isEqualTo("rec-s4");
            assertThat(run.values()).containsExactly(events.of(RunEvent.EpochCompleted.class).stream()
                    .mapToDouble(e -> e.metrics().get(MetricNames.TEST_ACCURACY)).toArray());
        });
    }

    @Test
    void reportsAllMetricsOfEveryEpochWithTheConstantLearningRate() {
        TinyJobs.Events events = new TinyJobs.Events();
        TinyJobs.builder("metrics").addListener(events).build().run();

        List<RunEvent.EpochCompleted> epochs = events.of(RunEvent.EpochCompleted.class);
        assertThat(epochs).extracting(RunEvent.EpochCompleted::epoch).containsExactly(1, 2, 3);
        for (RunEvent.EpochCompleted epoch : epochs) {
            assertThat(epoch.metrics()).containsOnlyKeys(MetricNames.ALL);
            assertThat(epoch.metrics().get(MetricNames.LEARNING_RATE)).isEqualTo(0.05);
            // The clock is fixed, so an epoch takes no time by it.
            assertThat(epoch.metrics().get(MetricNames.EPOCH_SECONDS)).isEqualTo(0.0);
            assertThat(epoch.metrics().get(MetricNames.TEST_ACCURACY)).isBetween(0.0, 1.0);
        }
        assertThat(epochs.get(2).metrics().get(MetricNames.TRAIN_LOSS))
                .isLessThan(epochs.get(0).metrics().get(MetricNames.TRAIN_LOSS));
    }

    @Test
    void sameSeedGivesTheSameTrajectoryAndAnotherSeedAnother() {
        Map<String, Double> a = TinyJobs.builder("repro").optSeed(1).optEpochs(2).build().run().lastMetrics();
        Map<String, Double> b = TinyJobs.builder("repro").optSeed(1).optEpochs(2).build().run().lastMetrics();
        Map<String, Double> c = TinyJobs.builder("repro").optSeed(2).optEpochs(2).build().run().lastMetrics();

        assertThat(a.get(MetricNames.TRAIN_LOSS)).isEqualTo(b.get(MetricNames.TRAIN_LOSS));
        assertThat(a.get(MetricNames.TRAIN_LOSS)).isNotEqualTo(c.get(MetricNames.TRAIN_LOSS));
    }

    @Test
    void aLearningRateSearchDrawsTheRateAtStartAndAgainAtEveryFullResetOnly() {
        TinyJobs.Events events = new TinyJobs.Events();
        LearningRateSearch search = LearningRateSearch.logUniform(0.001, 1.0);
        TinyJobs.builder("search").optSeed(7).optEpochs(6).optLearningRateSearch(search)
                .optLocalSchedule(LocalSchedule.every(2, Perturbations.fullReset()))
                .addListener(events).build().run();

        List<Double> rates = events.of(RunEvent.EpochCompleted.class).stream()
                .map(e -> e.metrics().get(MetricNames.LEARNING_RATE)).toList();
        // Kicks after epochs 2 and 4: three draws, each held for two epochs, the first from the run's seed
        // and the others from the draw seeds of kicks 0 and 1.
        assertThat(rates.get(0)).isEqualTo(search.draw(Seeds.derive(7, Seeds.SEARCH, 0)));
        assertThat(rates.get(2)).isEqualTo(search.draw(Seeds.derive(Seeds.derive(7, Seeds.KICK, 0), Seeds.SEARCH, 0)));
        assertThat(rates.get(4)).isEqualTo(search.draw(Seeds.derive(Seeds.derive(7, Seeds.KICK, 1), Seeds.SEARCH, 0)));
        assertThat(rates).containsExactly(rates.get(0), rates.get(0), rates.get(2), rates.get(2), rates.get(4),
                rates.get(4));
        assertThat(rates.get(0)).isNotEqualTo(rates.get(2));
        assertThat(rates).allSatisfy(rate -> assertThat(rate).isBetween(0.001, 1.0));
    }

    @Test
    void shrinkAndPerturbKeepsTheLearningRateASearchDrew() {
        TinyJobs.Events events = new TinyJobs.Events();
        TinyJobs.builder("search-sp").optSeed(7).optEpochs(4)
                .optLearningRateSearch(LearningRateSearch.logUniform(0.001, 1.0))
                .optLocalSchedule(LocalSchedule.every(2, Perturbations.shrinkPerturb()))
                .addListener(events).build().run();

        assertThat(events.of(RunEvent.EpochCompleted.class).stream()
                .map(e -> e.metrics().get(MetricNames.LEARNING_RATE)).distinct()).hasSize(1);
    }

    @Test
    void localScheduleKicksAfterMultiplesOfTauAndLaterEpochsCountTheKicks() {
        TinyJobs.Events events = new TinyJobs.Events();
        TinyJobs.builder("probe").optEpochs(5)
                .optLocalSchedule(LocalSchedule.every(2, Perturbations.shrinkPerturb()))
                .addListener(events).build().run();

        assertThat(events.of(RunEvent.PerturbationApplied.class)).extracting(RunEvent::epoch).containsExactly(2, 4);
        assertThat(events.of(RunEvent.EpochCompleted.class))
                .extracting(RunEvent.EpochCompleted::perturbationsApplied).containsExactly(0, 0, 1, 1, 2);
    }

    @Test
    void killedRunResumesFromItsCheckpointAsTheNextSegmentAndRepeatsTheSameEpoch() {
        Holder holder = new Holder();
        TinyJobs.Events first = new TinyJobs.Events(3, () -> holder.job.close());
        holder.job = TinyJobs.builder("resume").optEpochs(4)
                .optCheckpoints(CheckpointSettings.everyEpochs(2, dir))
                .optLocalSchedule(LocalSchedule.every(2, Perturbations.shrinkPerturb()))
                .addListener(first).build();
        RunOutcome killed = holder.job.run();

        TinyJobs.Events second = new TinyJobs.Events();
        RunOutcome resumed = TinyJobs.builder("resume").optEpochs(4)
                .optCheckpoints(CheckpointSettings.everyEpochs(2, dir))
                .optLocalSchedule(LocalSchedule.every(2, Perturbations.shrinkPerturb()))
                .addListener(second).build().run();

        assertThat(killed.reason()).isEqualTo(EndReason.KILLED);
        assertThat(killed.lastEpoch()).isEqualTo(3);
        assertThat(resumed.reason()).isEqualTo(EndReason.COMPLETED);
        assertThat(resumed.segment()).isEqualTo(1);
        assertThat(second.of(RunEvent.Started.class)).singleElement()
                .isEqualTo(new RunEvent.Started("resume-s0", 2, 1, 4));
        List<RunEvent.EpochCompleted> before = first.of(RunEvent.EpochCompleted.class);
        List<RunEvent.EpochCompleted> after = second.of(RunEvent.EpochCompleted.class);
        assertThat(after).extracting(RunEvent.EpochCompleted::epoch).containsExactly(3, 4);
        assertThat(after).extracting(RunEvent.EpochCompleted::segment).containsOnly(1);
        assertThat(after.get(0).perturbationsApplied()).isEqualTo(1);
        // Epoch 3 again, from the same checkpoint with the same draws: the same numbers.
        assertThat(after.get(0).metrics().get(MetricNames.TEST_LOSS))
                .isEqualTo(before.get(2).metrics().get(MetricNames.TEST_LOSS));
    }

    @Test
    void stopRequestEndsTheRunAfterTheCurrentEpoch() {
        Holder holder = new Holder();
        holder.job = TinyJobs.builder("stop").optEpochs(5)
                .addListener(new TinyJobs.Events(2, () -> holder.job.requestStop())).build();

        RunOutcome outcome = holder.job.run();

        assertThat(outcome.reason()).isEqualTo(EndReason.STOPPED);
        assertThat(outcome.lastEpoch()).isEqualTo(2);
    }

    @Test
    void reportsEveryInvalidSettingAtOnce() {
        assertThatThrownBy(() -> TinyJobs.builder(" ").setModel(ModelSpec.cnn()).optEpochs(0).optBatchSize(-1)
                .optControllable(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid training job: experiment must not be blank: \" \"; model cnn needs image samples"
                        + " (channels, height, width), not samples of shape (8); epochs must be at least 1: 0;"
                        + " batch size must be at least 1: -1; a controllable run needs Kafka to receive commands:"
                        + " set the bootstrap servers");
    }

    private static final class Holder {
        TrainingJob job;
    }
}
