package dev.firstpass.cli.analyze;

import dev.firstpass.cli.options.ArmLocation;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.PerturbationKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated {@code firstpass analyze} request: every folder exists, every period is known and every
 * knob is in range, so the rest of the command can trust it.
 *
 * @param probe       the arm whose response is transferred to other periods; absent only for full resets
 * @param comparisons further arms whose measured MFPT the predictions are compared with
 * @param reportFolder where the HTML report goes, if one was asked for
 */
public record AnalysisPlan(Path baseline, Optional<ArmLocation> probe, PerturbationKind kind,
                           List<ArmLocation> comparisons, String metric, Direction direction, List<Target> targets,
                           AnalysisSettings settings, boolean json, Optional<Path> reportFolder, boolean quiet) {

    public AnalysisPlan {
        comparisons = List.copyOf(comparisons);
        targets = List.copyOf(targets);
    }
}
