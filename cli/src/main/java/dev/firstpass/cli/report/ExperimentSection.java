package dev.firstpass.cli.report;

import dev.firstpass.cli.report.ReportOutline.Fact;
import dev.firstpass.cli.report.ReportOutline.Facts;
import dev.firstpass.cli.report.ReportOutline.Section;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.Arm;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.qss.EnsembleQss;
import dev.firstpass.core.fpt.qss.Relaxation;
import dev.firstpass.core.protocol.PerturbationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The part of a report that holds for every target: inputs, steady state, relaxation, validity range. */
final class ExperimentSection {
    private ExperimentSection() {
    }

    static Section of(ExperimentReport report, ReportSources sources) {
        List<Fact> facts = new ArrayList<>();
        Arm baseline = report.input().baseline();
        facts.add(new Fact("baseline", sources.baseline() + " (" + baseline.runs().size() + " runs)"));
        facts.add(new Fact("probe", probe(report, sources)));
        if (!report.input().comparisons().isEmpty()) {
            facts.add(new Fact("measured arms", report.input().comparisons().size() + " more, at tau = "
                    + report.input().comparisons().stream().mapToInt(arm -> arm.period().getAsInt()).sorted()
                            .mapToObj(String::valueOf)
                    .collect(Collectors.joining(", "))));
        }
        facts.add(new Fact("t_QSS", tQss(report.qss())));
        facts.add(new Fact("t_rel", tRel(report)));
        facts.add(new Fact("tau_min", tauMin(report)));
        facts.add(new Fact("settings", settings(report)));
        return new Section(ReportOutline.EXPERIMENT_ID, "Experiment", List.of(new Facts("", facts)));
    }

    static String kindName(ExperimentReport report) {
        return report.input().kind().name().toLowerCase(Locale.ROOT);
    }

    private static String probe(ExperimentReport report, ReportSources sources) {
        return report.input().probe()
                .map(arm -> sources.probe().map(Object::toString).orElse(arm.name()) + ", kicked every "
                        + Formats.epochCount(arm.period().getAsInt()) + " (" + arm.runs().size() + " runs)")
                .orElse("none: full resets are predicted from the baseline alone");
    }

    static String tQss(EnsembleQss.Detection qss) {
        return qss.tQss().isPresent()
                ? "epoch " + qss.tQss().getAsInt() + " (" + qss.explanation() + ")"
                : "none: " + qss.explanation();
    }

    private static String tRel(ExperimentReport report) {
        if (report.input().kind() == PerturbationKind.FULL_RESET) {
            return "not needed: a full reset starts training afresh";
        }
        Relaxation relaxation = report.relaxation().orElseThrow();
        if (!relaxation.resolved()) {
            return "not established: " + relaxation.explanation();
        }
        return Formats.epochCount(relaxation.tRel()) + " after a kick (" + relaxation.periods()
                + " post-kick periods)";
    }

    private static String tauMin(ExperimentReport report) {
        if (report.tauMin().isPresent()) {
            int tauMin = report.tauMin().getAsInt();
            if (report.input().kind() == PerturbationKind.FULL_RESET) {
                return Formats.epochCount(tauMin) + ": a full reset renews the run, so predictions hold at every period";
            }
            return Formats.epochCount(tauMin) + " = max(t_QSS, t_rel): predictions hold for tau >= " + tauMin;
        }
        return "none: " + report.whyNoValidityRange().orElse("");
    }

    private static String settings(ExperimentReport report) {
        AnalysisSettings settings = report.settings();
        int tauMax = report.targets().isEmpty() ? settings.tauMax() : report.targets().get(0).predictions().size();
        return String.format(Locale.ROOT,
                "%d bootstrap resamples, %s intervals, seed %d; KS tests at alpha %s over a %d-epoch window"
                        + " with at least %d runs; tau from 1 to %d",
                settings.bootstrapResamples(), Formats.percent(settings.confidence()).replace(".0%", "%"),
                settings.seed(), Formats.threshold(settings.qss().alpha()), settings.qss().window(),
                settings.qss().minRuns(), tauMax);
    }
}
