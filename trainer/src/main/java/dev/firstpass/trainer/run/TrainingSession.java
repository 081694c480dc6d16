package dev.firstpass.trainer.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.signing.CommandVerifier;
import dev.firstpass.trainer.Seeds;
import dev.firstpass.trainer.checkpoint.CheckpointState;
import dev.firstpass.trainer.checkpoint.RunFolder;
import dev.firstpass.trainer.command.CommandDesk;
import dev.firstpass.trainer.command.CommandLedger;
import dev.firstpass.trainer.command.CommandListener;
import dev.firstpass.trainer.dataset.Samples;
import dev.firstpass.trainer.model.GradientMode;
import dev.firstpass.trainer.model.Network;
import dev.firstpass.trainer.optimize.StatefulOptimizer;
import dev.firstpass.trainer.publish.EventSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's part of a run (a segment): sets the run up or resumes it, trains epoch by epoch,
 * crosses each epoch's {@link EpochBoundary}, and tears everything down.
 */
final class TrainingSession {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);
    private static final int EVALUATION_BATCH = 1000;
    private static final Duration KILLED_FLUSH = Duration.ofSeconds(5);
    // One warning per process: a fleet of runs shares one configuration, and one line says it all.
    private static final AtomicBoolean UNAUTHENTICATED_WARNED = new AtomicBoolean();

    private final JobSettings settings;
    private final BooleanSupplier killed;
    private final BooleanSupplier stopRequested;
    private final RunFolder folder;

    private Network network;
    private StatefulOptimizer optimizer;
    private Trainer trainer;
    private EpochMetrics epochMetrics;
    private NDManager dataManager;
    private ArrayDataset trainSet;
    private ArrayDataset testSet;
    private EventSink sink = EventSink.offline();
    private CommandDesk desk;
    private CommandListener commandListener;
    private TrajectoryRecorder recorder;
    private EpochBoundary boundary;

    private final RunProgress progress = new RunProgress();

    /** Thrown inside the epoch loop when the job is closed. */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed() {
            super(null, null, false, false);
        }
    }

    TrainingSession(JobSettings settings, BooleanSupplier killed, BooleanSupplier stopRequested) {
        this.settings = settings;
        this.killed = killed;
        this.stopRequested = stopRequested;
        this.folder = settings.checkpoints() == null ? null
                : RunFolder.of(settings.checkpoints().dir(), settings.runId());
    }

    RunOutcome run() {
        GradientMode.disableForThisThread();
        EndReason reason = EndReason.COMPLETED;
        Throwable failure = null;
        try {
            setUp();
            while (progress.epoch() < settings.epochs()) {
                Map<String, Double> metrics = trainAndEvaluate(progress.epoch() + 1);
                progress.epochDone(metrics);
                boundary.cross(progress.epoch(), metrics);
                if (stopRequested.getAsBoolean() && progress.epoch() < settings.epochs()) {
                    reason = EndReason.STOPPED;
                    break;
                }
            }
        } catch (Killed e) {
            reason = EndReason.KILLED;
        } catch (RuntimeException | Error e) {
            LOG.error("run {} failed after epoch {}: {}", settings.runId(), progress.epoch(), e.toString(), e);
            reason = EndReason.FAILED;
            failure = e;
        }
        finish(reason, failure);
        return new RunOutcome(settings.runId(), progress.segment(), progress.epoch(), reason, progress.lastMetrics(),
                progress.kicks(), Optional.ofNullable(failure));
    }

    private void setUp() {
        progress.setSegment(folder == null ? 0 : folder.startSegment());
        Optional<CheckpointState> checkpoint = folder == null ? Optional.empty() : folder.checkpoints().latest();
        checkpoint.ifPresent(this::requireSameRun);
        buildTrainer();
        progress.setBaseRate(settings.search() == null ? settings.optimizer().learningRate()
                : settings.search().draw(Seeds.derive(settings.seed(), Seeds.SEARCH, 0)));
        List<Map<String, Double>> trajectory = checkpoint.map(this::restore).orElse(List.of());
        recorder = new TrajectoryRecorder(settings.recordDir(), settings.runId(), trajectory);
        connect();
        boundary = newBoundary();
        announce();
        awaitCommandsWaiting();
    }

    private EpochBoundary newBoundary() {
        Kicks kicks = new Kicks(settings, progress, network, optimizer);
        return EpochBoundary.of(
                new EpochPublisher(settings, progress, sink, desk),
                recorder,
                new EpochNotifier(settings, progress),
                new LocalScheduleKicks(settings, kicks),
                new CommandKicks(desk, kicks),
                new BoundaryCheckpoint(settings, stopRequested, this::saveCheckpoint));
    }

    private void buildTrainer() {
        Samples train = settings.data().train();
        network = Network.create(settings.model(), train.sampleShape(), train.classes(), settings.device(),
                Seeds.derive(settings.seed(), Seeds.INITIALISATION, 0));
        optimizer = settings.optimizer().newOptimizer();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer)
                .optDevices(new Device[] {settings.device()});
        settings.trainingListeners().forEach(config::addTrainingListeners);
        trainer = network.model().newTrainer(config);
        dataManager = network.model().getNDManager().newSubManager();
        epochMetrics = new EpochMetrics(dataManager);
        trainSet = arrays(train);
        testSet = arrays(settings.data().test());
    }

    /** Loads the checkpoint into the network and optimizer; returns the trajectory recorded up to it. */
    private List<Map<String, Double>> restore(CheckpointState state) {
        folder.checkpoints().restore(state.epoch(), network.parameters(), optimizer, network.model().getNDManager());
        progress.resumeAt(state.epoch(), state.perturbationsApplied(), state.cycleStart());
        if (state.baseLearningRate() != null) {
            progress.setBaseRate(state.baseLearningRate());
        }
        List<Map<String, Double>> trajectory = state.trajectory();
        progress.setLastMetrics(trajectory.isEmpty() ? Map.of() : trajectory.get(trajectory.size() - 1));
        return trajectory;
    }

    private void announce() {
        Map<String, String> runConfig = new LinkedHashMap<>(settings.config());
        runConfig.put("segment", Integer.toString(progress.segment()));
        runConfig.put("resumed_after_epoch", Integer.toString(progress.epoch()));
        sink.lifecycle(new RunStarted(settings.experiment(), settings.runId(), settings.arm(),
                settings.clock().instant(), settings.seed(), settings.epochs(), settings.controllable(), runConfig));
        notify(listener -> listener.onStarted(
                new RunEvent.Started(settings.runId(), progress.epoch(), progress.segment(), settings.epochs())));
    }

    private void requireSameRun(CheckpointState state) {
        if (!state.runId().equals(settings.runId()) || !state.experiment().equals(settings.experiment())
                || state.seed() != settings.seed()) {
            throw new IllegalStateException("checkpoint in " + folder.path() + " belongs to run " + state.runId()
                    + " of experiment " + state.experiment() + " with seed " + state.seed() + ", not to run "
                    + settings.runId() + " of experiment " + settings.experiment() + " with seed " + settings.seed());
        }
    }

    private ArrayDataset arrays(Samples samples) {
        return new ArrayDataset.Builder()
                .setData(samples.featuresOn(dataManager))
                .optLabels(samples.labelsOn(dataManager))
                .setSampling(settings.batchSize(), false)
                .build();
    }

    private void connect() {
        if (settings.kafka() == null) {
            return;
        }
        Path spool = folder != null ? folder.spoolFile()
                : (settings.kafka().spoolDir() != null ? settings.kafka().spoolDir()
                        : Path.of(System.getProperty("java.io.tmpdir"), "firstpass-spool"))
                        .resolve(settings.runId() + ".spool");
        sink = EventSink.kafka(settings.kafka(), settings.runId(), spool);
        if (settings.controllable()) {
            CommandLedger ledger = folder == null ? CommandLedger.inMemory()
                    : CommandLedger.inFile(folder.ledgerFile());
            desk = new CommandDesk(settings.experiment(), settings.runId(), settings.epochs(), progress.epoch(), ledger,
                    this::answer, settings.clock(), verifier());
            commandListener = CommandListener.start(settings.kafka(), settings.runId(), desk);
        }
    }

    /** The verifier of this run's commands, or null (after one warning per process) when it has no keys. */
    private CommandVerifier verifier() {
        if (settings.commandKeys() == null) {
            if (UNAUTHENTICATED_WARNED.compareAndSet(false, true)) {
                LOG.warn("commands are not authenticated: anyone who can write to {} can perturb the runs of this"
                        + " process; give them command keys to take signed commands only (firstpass train"
                        + " --command-keys or FIRSTPASS_COMMAND_KEYS; docs/security.md)",
                        settings.kafka().commandsTopic());
            }
            return null;
        }
        return CommandVerifier.of(settings.commandKeys(), settings.commandWindow(), settings.clock());
    }

    private void answer(Ack ack) {
        sink.ack(ack);
        if (ack.status() == Ack.Status.REFUSED) {
            notify(listener -> listener.onCommandRefused(
                    new RunEvent.CommandRefused(settings.runId(), progress.epoch(), ack.commandId(), ack.reason())));
        }
    }

    // Commands sent before the run started act at a boundary that does not depend on broker timing.
    private void awaitCommandsWaiting() {
        if (commandListener == null) {
            return;
        }
        try {
            if (!commandListener.awaitCaughtUp(settings.kafka().catchUpTimeout())) {
                LOG.warn("run {}: commands already waiting were not all read within {}; training starts anyway",
                        settings.runId(), settings.kafka().catchUpTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading waiting commands", e);
        }
    }

    private Map<String, Double> trainAndEvaluate(int next) {
        long started = settings.clock().millis();
        double rate = progress.baseRate() * settings.schedule().factor(next - progress.cycleStart() + 1);
        optimizer.setLearningRate((float) rate);
        int[] order = Samples.permutation(settings.data().train().size(),
                Seeds.derive(settings.seed(), Seeds.SHUFFLE, next));
        for (int from = 0; from < order.length; from += settings.batchSize()) {
            checkAlive();
            long[] indices = new long[Math.min(settings.batchSize(), order.length - from)];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = order[from + i];
            }
            try (Batch batch = trainSet.getByIndices(trainer.getManager().newSubManager(), indices)) {
                Batches.train(trainer, network.parameters(), optimizer, batch, epochMetrics);
            }
        }
        int testSize = settings.data().test().size();
        for (int from = 0; from < testSize; from += EVALUATION_BATCH) {
            checkAlive();
            try (Batch batch = testSet.getByRange(trainer.getManager().newSubManager(), from,
                    Math.min(testSize, from + EVALUATION_BATCH))) {
                Batches.evaluate(trainer, batch, epochMetrics);
            }
        }
        trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        EpochMetrics.Totals totals = epochMetrics.endEpoch();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MetricNames.TRAIN_LOSS, totals.trainLoss());
        metrics.put(MetricNames.TRAIN_ACCURACY, totals.trainAccuracy());
        metrics.put(MetricNames.TEST_LOSS, totals.testLoss());
        metrics.put(MetricNames.TEST_ACCURACY, totals.testAccuracy());
        metrics.put(MetricNames.LEARNING_RATE, rate);
        metrics.put(MetricNames.EPOCH_SECONDS, (settings.clock().millis() - started) / 1000.0);
        return metrics;
    }

    private void checkAlive() {
        if (killed.getAsBoolean()) {
            throw new Killed();
        }
    }

    private void saveCheckpoint() {
        int epoch = progress.epoch();
        // A checkpoint ahead of what Kafka confirmed would let a kill lose those epochs for good: the
        // resumed run starts after the checkpoint and never reports them again. Without confirmation
        // the checkpoint is skipped; a resume then trains and reports those epochs once more.
        Duration wait = settings.kafka() == null ? Duration.ZERO : settings.kafka().closeTimeout();
        if (!sink.awaitDelivered(wait)) {
            LOG.warn("run {}: no checkpoint after epoch {}: {} records still unconfirmed by Kafka after {}",
                    settings.runId(), epoch, sink.unsent(), wait);
            return;
        }
        CheckpointState state = new CheckpointState(settings.experiment(), settings.runId(), epoch,
                progress.segment(), settings.seed(), progress.kicks(), progress.cycleStart(),
                desk == null ? List.of() : desk.appliedUpTo(epoch), recorder.rows(),
                settings.search() == null ? null : progress.baseRate());
        folder.checkpoints().save(state, network.parameters(), optimizer, network.model().getNDManager());
    }

    private void finish(EndReason reason, Throwable failure) {
        try {
            if (reason != EndReason.KILLED && desk != null) {
                desk.finish(progress.epoch());
            }
            reason.wire().ifPresent(wire -> sink.lifecycle(
                    new RunFinished(settings.experiment(), settings.runId(), settings.clock().instant(), wire,
                            progress.epoch())));
            notify(listener -> listener.onEnded(
                    new RunEvent.Ended(settings.runId(), progress.epoch(), reason, Optional.ofNullable(failure))));
        } catch (RuntimeException e) {
            LOG.error("run {}: could not report its end: {}", settings.runId(), e.toString(), e);
        } finally {
            closeAll(reason);
        }
    }

    private void closeAll(EndReason reason) {
        if (commandListener != null) {
            commandListener.close();
        }
        Duration flush = settings.kafka() == null ? Duration.ZERO : settings.kafka().closeTimeout();
        sink.close(reason == EndReason.KILLED && flush.compareTo(KILLED_FLUSH) > 0 ? KILLED_FLUSH : flush);
        if (trainer != null) {
            trainer.close();
        }
        if (dataManager != null) {
            dataManager.close();
        }
        if (network != null) {
            network.close();
        }
    }

    private void notify(Consumer<RunListener> event) {
        settings.listeners().forEach(event);
    }
}
