package dev.firstpass.trainer.run;

import ai.djl.Device;
import ai.djl.training.listener.TrainingListener;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.core.protocol.signing.CommandVerifier;
import dev.firstpass.trainer.checkpoint.CheckpointSettings;
import dev.firstpass.trainer.dataset.DataSplits;
import dev.firstpass.trainer.model.DeviceChoice;
import dev.firstpass.trainer.model.EngineSettings;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.optimize.LearningRateSchedule;
import dev.firstpass.trainer.optimize.LearningRateSearch;
import dev.firstpass.trainer.optimize.OptimizerSpec;
import dev.firstpass.trainer.perturb.LocalSchedule;
import dev.firstpass.trainer.publish.KafkaSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One training run: trains a network epoch by epoch, reports each epoch, applies perturbations at
 * epoch boundaries (on its own schedule or on command), checkpoints, and resumes from its last
 * checkpoint when started again with the same run id.
 *
 * <pre>{@code
 * TrainingJob job = TrainingJob.builder()
 *         .setExperiment("fmnist-mlp")
 *         .setData(Datasets.fashionMnist(Datasets.FASHION_MNIST_DEFAULT))
 *         .setModel(ModelSpec.mlp(256, 128))
 *         .setOptimizer(OptimizerSpec.sgd(0.05))
 *         .optSeed(3)
 *         .optEpochs(50)
 *         .optKafka(KafkaSettings.at("localhost:9092"))
 *         .optControllable(true)
 *         .build();
 * RunOutcome outcome = job.run();
 * }</pre>
 *
 * <p>A kick scheduled after epoch k acts between epoch k's evaluation and epoch k+1's training, so
 * epoch k's event carries the value before the kick. Training never waits for Kafka.
 */
public final class TrainingJob implements AutoCloseable {

    private final JobSettings settings;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean killed;
    private volatile Thread runner;

    private TrainingJob(JobSettings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String runId() {
        return settings.runId();
    }

    /**
     * Trains on the calling thread until the epochs are done, a stop is requested, the job is closed or
     * an error ends it; a job runs once.
     */
    public RunOutcome run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("training job " + runId() + " has already run");
        }
        runner = Thread.currentThread();
        try {
            if (killed) {
                return new RunOutcome(runId(), 0, 0, EndReason.KILLED, Map.of(), 0, Optional.empty());
            }
            EngineSettings.prepare(0);
            return new TrainingSession(settings, () -> killed, () -> stopRequested).run();
        } finally {
            finished.countDown();
        }
    }

    /** Ends the run after the epoch in progress, with a checkpoint and a run-finished "stopped". */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Ends the run at the next batch as a kill would, without a last checkpoint or a run-finished, and
     * waits for it unless called from the run's own thread (e.g. by a listener).
     */
    @Override
    public void close() {
        killed = true;
        Thread running = runner;
        if (running != null && running != Thread.currentThread()) {
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Builds a {@link TrainingJob}. Required: experiment, data, model and optimizer. Stated defaults:
     * run id {@code <experiment>-s<seed>}, seed 0, 20 epochs, batch size 128, constant learning rate, no
     * arm, the CPU, offline (no Kafka, not controllable), commands taken unauthenticated (a 5-minute
     * window once keys are given), no local perturbations, no checkpoints, no recording, the system
     * clock in UTC.
     */
    public static final class Builder {
        private String experiment;
        private String runId;
        private String arm;
        private long seed;
        private DataSplits data;
        private ModelSpec model;
        private OptimizerSpec optimizer;
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private LearningRateSearch search;
        private int epochs = 20;
        private int batchSize = 128;
        private Device device = Device.cpu();
        private DeviceChoice deviceChoice;
        private KafkaSettings kafka;
        private boolean controllable;
        private CommandKeyRing commandKeys;
        private Duration commandWindow = CommandVerifier.DEFAULT_WINDOW;
        private LocalSchedule localSchedule;
        private CheckpointSettings checkpoints;
        private Path recordDir;
        private Clock clock = Clock.systemUTC();
        private final List<RunListener> listeners = new ArrayList<>();
        private final List<TrainingListener> trainingListeners = new ArrayList<>();

        Builder() {
        }

        public Builder setExperiment(String experiment) {
            this.experiment = experiment;
            return this;
        }

        public Builder setData(DataSplits data) {
            this.data = data;
            return this;
        }

        public Builder setModel(ModelSpec model) {
            this.model = model;
            return this;
        }

        public Builder setOptimizer(OptimizerSpec optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder optRunId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder optArm(String arm) {
            this.arm = arm;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optLearningRateSchedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Draw the base learning rate of every fresh start (the first epoch and every full reset) from
         * {@code search} instead of taking the optimizer's: a random search whose restarts draw anew.
         */
        public Builder optLearningRateSearch(LearningRateSearch search) {
            this.search = search;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optDevice(Device device) {
            this.device = device;
            this.deviceChoice = null;
            return this;
        }

        /** The device by choice (auto, cpu, gpu), resolved when the job is built. */
        public Builder optDevice(DeviceChoice choice) {
            this.deviceChoice = choice;
            return this;
        }

        /** Report to Kafka; without this the run trains offline. */
        public Builder optKafka(KafkaSettings kafka) {
            this.kafka = kafka;
            return this;
        }

        /** Listen for commands (needs Kafka) and say so in the run-started message. */
        public Builder optControllable(boolean controllable) {
            this.controllable = controllable;
            return this;
        }

        /**
         * Take only commands signed by one of {@code keys}, issued within the command window of this
         * run's clock and not seen before; others are refused with the reason. Without keys, commands
         * are taken unauthenticated.
         */
        public Builder optCommandKeys(CommandKeyRing keys) {
            this.commandKeys = keys;
            return this;
        }

        /** How far a command's ce_time may be from this run's clock, either side; 5 minutes unless set. */
        public Builder optCommandWindow(Duration window) {
            this.commandWindow = window;
            return this;
        }

        public Builder optLocalSchedule(LocalSchedule localSchedule) {
            this.localSchedule = localSchedule;
            return this;
        }

        public Builder optCheckpoints(CheckpointSettings checkpoints) {
            this.checkpoints = checkpoints;
            return this;
        }

        /** Write the trajectory to {@code <dir>/<run id>.csv} after every epoch. */
        public Builder optRecordDir(Path dir) {
            this.recordDir = dir;
            return this;
        }

        public Builder optClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder addListener(RunListener listener) {
            listeners.add(listener);
            return this;
        }

        /** A DJL listener to attach to the run's trainer, e.g. for logging. */
        public Builder addTrainingListener(TrainingListener listener) {
            trainingListeners.add(listener);
            return this;
        }

        /**
         * Checks every setting and builds the job.
         *
         * @throws IllegalArgumentException listing every problem, each naming the rule and the value
         */
        public TrainingJob build() {
            List<String> problems = new ArrayList<>();
            if (experiment == null || experiment.isBlank()) {
                problems.add("experiment must not be blank: " + quoted(experiment));
            }
            String id = runId != null ? runId : experiment + "-s" + seed;
            if (runId != null && (runId.isBlank() || runId.contains("/") || runId.contains("\\"))) {
                problems.add("run id must be non-blank and contain no path separator: " + quoted(runId));
            }
            if (data == null) {
                problems.add("data is required");
            }
            if (model == null) {
                problems.add("model is required");
            } else if (data != null) {
                model.mismatch(data.train().sampleShape()).ifPresent(problems::add);
            }
            if (optimizer == null) {
                problems.add("optimizer is required");
            }
            if (schedule == null) {
                problems.add("learning-rate schedule must not be null");
            }
            if (epochs < 1) {
                problems.add("epochs must be at least 1: " + epochs);
            }
            if (batchSize < 1) {
                problems.add("batch size must be at least 1: " + batchSize);
            }
            if (deviceChoice != null) {
                try {
                    device = deviceChoice.resolve();
                } catch (IllegalStateException e) {
                    problems.add(e.getMessage());
                }
            }
            if (device == null) {
                problems.add("device must not be null");
            }
            if (clock == null) {
                problems.add("clock must not be null");
            }
            if (kafka != null) {
                problems.addAll(kafka.problems());
            }
            if (controllable && kafka == null) {
                problems.add("a controllable run needs Kafka to receive commands: set the bootstrap servers");
            }
            if (commandKeys != null && !controllable) {
                problems.add("command keys authenticate commands, so they need a controllable run");
            }
            if (commandWindow == null || commandWindow.isNegative() || commandWindow.isZero()) {
                problems.add("command window must be positive: " + commandWindow);
            }
            if (checkpoints != null) {
                problems.addAll(checkpoints.problems());
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid training job: " + String.join("; ", problems));
            }
            return new TrainingJob(new JobSettings(experiment, id, arm, seed, data, model, optimizer, schedule,
                    search, epochs, batchSize, device, kafka, controllable, commandKeys, commandWindow, localSchedule,
                    checkpoints, recordDir, clock, listeners, trainingListeners));
        }

        private static String quoted(String text) {
            return text == null ? "null" : '"' + text + '"';
        }
    }
}
