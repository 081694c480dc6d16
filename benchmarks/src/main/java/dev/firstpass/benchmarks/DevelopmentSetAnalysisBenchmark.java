package dev.firstpass.benchmarks;

import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.Arm;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FirstPassageAnalysis;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.recording.RecordingFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole development set (three experiments) read and analysed with 1,000 bootstrap resamples,
 * against the floor of only reading its CSV files, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = "-Xmx2g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class DevelopmentSetAnalysisBenchmark {

    /** Each experiment as its folder, metric, arm-folder prefix, probe period and targets. */
    private record Experiment(String folder, String metric, String armPrefix, int probe, List<Double> targets) {
    }

    private static final List<Experiment> EXPERIMENTS = List.of(
            new Experiment("cifar100/ResNet18Momentum", "test_ACC", "testacc_list_s_and_p_reset", 20, List.of(55.0, 56.0, 57.0)),
            new Experiment("cifar100/ResNet18_No_Momentum", "test_ACC", "testacc_list_s_and_p_reset", 20, List.of(41.0, 42.0, 43.0)),
            new Experiment("fc_with_adam", "test_ssim", "s_and_p_reset", 20, List.of(0.37, 0.38, 0.39)));

    @Param("../shared/data/paper-transfer")
    public String devset;

    @Benchmark
    public int parseOnly() {
        int epochs = 0;
        for (Experiment experiment : EXPERIMENTS) {
            for (Path folder : armFolders(experiment)) {
                for (Trajectory run : RecordingFiles.readArm(folder, experiment.metric())) {
                    epochs += run.epochs();
                }
            }
        }
        return epochs;
    }

    @Benchmark
    public int parseAndAnalyse() {
        int predictions = 0;
        for (Experiment experiment : EXPERIMENTS) {
            ExperimentReport report = FirstPassageAnalysis.analyze(input(experiment),
                    experiment.targets().stream().map(Target::atLeast).toList(),
                    AnalysisSettings.defaults(), ProgressListener.SILENT);
            predictions += report.targets().size();
        }
        return predictions;
    }

    private ExperimentInput input(Experiment experiment) {
        Path root = Path.of(devset, experiment.folder());
        Arm baseline = Arm.unperturbed("reg_training", RecordingFiles.readArm(root.resolve("reg_training"), experiment.metric()));
        Arm probe = null;
        List<Arm> others = new ArrayList<>();
        for (Path folder : armFolders(experiment)) {
            int period = RecordingFiles.periodFromName(folder).orElse(0);
            if (period == 0) {
                continue;
            }
            Arm arm = Arm.kickedEvery(period, folder.getFileName().toString(), RecordingFiles.readArm(folder, experiment.metric()));
            if (period == experiment.probe()) {
                probe = arm;
            } else {
                others.add(arm);
            }
        }
        return new ExperimentInput(experiment.metric(), Direction.MAX, PerturbationKind.SHRINK_PERTURB, baseline,
                Optional.ofNullable(probe), others);
    }

    private List<Path> armFolders(Experiment experiment) {
        Path root = Path.of(devset, experiment.folder());
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
