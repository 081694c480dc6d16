package dev.firstpass.cli.analyze;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.options.ArmLocation;
import dev.firstpass.cli.options.OptionProblems;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.PerturbationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The options of {@code firstpass analyze} as typed by the user, before any check, and the analysis
 * settings as read from their declarations; {@link #toPlan()} checks them all at once and turns them into
 * an {@link AnalysisPlan}, the settings' problems after the others.
 *
 * <p>Numbers stay text until then so that a malformed number is one more problem in the same report
 * rather than an early stop.
 */
public record AnalyzeOptions(String baseline, String probe, String kind, List<String> arms, String metric,
                             String direction, List<String> targets, boolean json, Path report,
                             AnalysisSettings settings, List<String> settingProblems, boolean quiet) {

    public AnalyzeOptions {
        arms = arms == null ? List.of() : List.copyOf(arms);
        targets = targets == null ? List.of() : List.copyOf(targets);
        settingProblems = List.copyOf(settingProblems);
    }

    /** The validated request; throws {@link BadInputException} listing every problem found. */
    public AnalysisPlan toPlan() {
        OptionProblems problems = new OptionProblems();
        Path baselineFolder = baselineFolder(problems);
        PerturbationKind perturbation = problems.parsed("--kind", () -> PerturbationKind.parse(kind));
        Optional<ArmLocation> probeArm = probeArm(perturbation, problems);
        List<ArmLocation> comparisons = comparisonArms(probeArm, problems);
        if (metric == null || metric.isBlank()) {
            problems.add("--metric is required: the column to analyse, e.g. --metric test_ACC");
        }
        Direction better = direction(problems);
        List<Target> thresholds = targets(better, problems);
        settingProblems.forEach(problems::add);
        if (report != null && Files.exists(report) && !Files.isDirectory(report)) {
            problems.add("--report must name a folder, not a file: " + report);
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems.asList());
        }
        return new AnalysisPlan(baselineFolder, probeArm, perturbation, comparisons, metric.trim(), better, thresholds,
                settings, json, Optional.ofNullable(report), quiet);
    }

    private Path baselineFolder(OptionProblems problems) {
        if (baseline == null || baseline.isBlank()) {
            problems.add("--baseline is required: the folder of unperturbed runs, one CSV per run");
            return null;
        }
        Path folder = Path.of(baseline);
        if (!Files.isDirectory(folder)) {
            problems.add("--baseline folder does not exist or is not a folder: " + folder);
        }
        return folder;
    }

    private Optional<ArmLocation> probeArm(PerturbationKind perturbation, OptionProblems problems) {
        if (probe == null) {
            if (perturbation != null && perturbation != PerturbationKind.FULL_RESET) {
                problems.add("--probe is required for --kind " + perturbation.wireName()
                        + ": its response is what the predictions transfer (only full_reset predicts from the baseline alone)");
            }
            return Optional.empty();
        }
        return Optional.ofNullable(ArmLocation.parse("--probe", "probe", probe, problems));
    }

    /** The --arm folders, without repeats of the probe or of each other: those runs are compared once already. */
    private List<ArmLocation> comparisonArms(Optional<ArmLocation> probeArm, OptionProblems problems) {
        List<ArmLocation> comparisons = new ArrayList<>();
        for (String text : arms) {
            ArmLocation arm = ArmLocation.parse("--arm", "arm", text, problems);
            if (arm == null || probeArm.filter(arm::sameArmAs).isPresent()
                    || comparisons.stream().anyMatch(arm::sameArmAs)) {
                continue;
            }
            comparisons.add(arm);
        }
        return comparisons;
    }

    /** The direction; max, with a problem recorded, when the text names none, so the targets are still checked. */
    private Direction direction(OptionProblems problems) {
        Direction parsed = problems.parsed("--direction", () -> Direction.parse(direction));
        return parsed == null ? Direction.MAX : parsed;
    }

    private List<Target> targets(Direction better, OptionProblems problems) {
        if (targets.isEmpty()) {
            problems.add("--target is required: at least one threshold of the metric, e.g. --target 55,56,57");
            return List.of();
        }
        Set<Double> thresholds = new LinkedHashSet<>();
        for (String text : targets) {
            try {
                double threshold = Double.parseDouble(text.trim());
                if (!Double.isFinite(threshold)) {
                    problems.add("--target must be a finite number: " + text.trim());
                } else {
                    thresholds.add(threshold);
                }
            } catch (NumberFormatException e) {
                problems.add("--target must be a number: '" + text + "'");
            }
        }
        return thresholds.stream().map(threshold -> new Target(threshold, better)).toList();
    }
}
