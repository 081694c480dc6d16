package dev.firstpass.trainer.run;

import dev.firstpass.trainer.dataset.DataSplits;
import dev.firstpass.trainer.dataset.Datasets;
import dev.firstpass.trainer.dataset.GeneratedData;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.OptimizerSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Small, fast jobs for tests: 400 generated samples, an MLP with one hidden layer of 8. */
final class TinyJobs {

    static final DataSplits DATA = Datasets.generated(GeneratedData.ofSize(400, 100).withFeatures(8));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    private TinyJobs() {
    }

    static TrainingJob.Builder builder(String experiment) {
        return TrainingJob.builder()
                .setExperiment(experiment)
                .setData(DATA)
                .setModel(ModelSpec.mlp(8))
                .setOptimizer(OptimizerSpec.sgdWithMomentum(0.05, 0.9))
                .optBatchSize(50)
                .optEpochs(3)
                .optClock(CLOCK);
    }

    /** Remembers every event, in order, across threads. */
    static final class Events implements RunListener {
        final List<RunEvent> all = new ArrayList<>();
        private final Runnable afterEpoch;
        private final int atEpoch;

        Events() {
            this(0, () -> { });
        }

        /** Runs {@code action} on the training thread once epoch {@code epoch} has been reported. */
        Events(int epoch, Runnable action) {
            this.atEpoch = epoch;
            this.afterEpoch = action;
        }

        @Override
        public synchronized void onStarted(RunEvent.Started event) {
            all.add(event);
        }

        @Override
        public synchronized void onEpoch(RunEvent.EpochCompleted event) {
            all.add(event);
            if (event.epoch() == atEpoch) {
                afterEpoch.run();
            }
        }

        @Override
        public synchronized void onPerturbation(RunEvent.PerturbationApplied event) {
            all.add(event);
        }

        @Override
        public synchronized void onCommandRefused(RunEvent.CommandRefused event) {
            all.add(event);
        }

        @Override
        public synchronized void onEnded(RunEvent.Ended event) {
            all.add(event);
        }

        synchronized <T extends RunEvent> List<T> of(Class<T> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
