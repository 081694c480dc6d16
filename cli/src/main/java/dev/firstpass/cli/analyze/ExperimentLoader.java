package dev.firstpass.cli.analyze;

import dev.firstpass.cli.options.ArmLocation;
import dev.firstpass.core.fpt.analysis.Arm;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.recording.RecordingFiles;
import java.util.List;
import java.util.Optional;

/** Reads the arms a plan names from disk into the input of the analysis. */
final class ExperimentLoader {
    private ExperimentLoader() {
    }

    /** Throws the core's RecordingException, naming file and line, for any file that cannot be used. */
    static ExperimentInput load(AnalysisPlan plan) {
        Arm baseline = Arm.unperturbed(ArmLocation.folderName(plan.baseline()), RecordingFiles.readArm(plan.baseline(), plan.metric()));
        Optional<Arm> probe = plan.probe().map(location -> read(location, plan.metric()));
        List<Arm> comparisons = plan.comparisons().stream().map(location -> read(location, plan.metric())).toList();
        return new ExperimentInput(plan.metric(), plan.direction(), plan.kind(), baseline, probe, comparisons);
    }

    private static Arm read(ArmLocation location, String metric) {
        return Arm.kickedEvery(location.period(), location.name(), RecordingFiles.readArm(location.folder(), metric));
    }
}
