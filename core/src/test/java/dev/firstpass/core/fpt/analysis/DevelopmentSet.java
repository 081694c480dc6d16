package dev.firstpass.core.fpt.analysis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.recording.RecordingFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The authors' published trajectories beside the checkout (never copied into it): tests that use
 * them skip with a message when the folder is absent.
 */
final class DevelopmentSet {
    private DevelopmentSet() {
    }

    static Path root() {
        String configured = System.getProperty("firstpass.devset");
        Path root = configured != null ? Path.of(configured) : Path.of("../../shared/data/paper-transfer");
        assumeTrue(Files.isDirectory(root),
                "development set not found at " + root.toAbsolutePath() + ": skipping tests on real trajectories");
        return root;
    }

    /** One experiment folder: its baseline in reg_training and one folder per kicked arm. */
    static ExperimentInput experiment(String folder, String metric, String armPrefix, int probePeriod) {
        Path experiment = root().resolve(folder);
        Arm baseline = Arm.unperturbed("reg_training", RecordingFiles.readArm(experiment.resolve("reg_training"), metric));
        Arm probe = null;
        List<Arm> others = new ArrayList<>();
        try (Stream<Path> arms = Files.list(experiment)) {
            for (Path armFolder : arms.filter(p -> p.getFileName().toString().startsWith(armPrefix))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                int period = RecordingFiles.periodFromName(armFolder).orElseThrow();
                Arm arm = Arm.kickedEvery(period, armFolder.getFileName().toString(),
                        RecordingFiles.readArm(armFolder, metric));
                if (period == probePeriod) {
                    probe = arm;
                } else {
                    others.add(arm);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExperimentInput(metric, Direction.MAX, PerturbationKind.SHRINK_PERTURB, baseline,
                Optional.ofNullable(probe), others);
    }
}
