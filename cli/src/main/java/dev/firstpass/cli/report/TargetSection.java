package dev.firstpass.cli.report;

import dev.firstpass.cli.report.ReportOutline.Block;
import dev.firstpass.cli.report.ReportOutline.Column;
import dev.firstpass.cli.report.ReportOutline.Fact;
import dev.firstpass.cli.report.ReportOutline.Facts;
import dev.firstpass.cli.report.ReportOutline.Section;
import dev.firstpass.cli.report.ReportOutline.Table;
import dev.firstpass.core.fpt.analysis.ArmObservation;
import dev.firstpass.core.fpt.analysis.BaselineSummary;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FullResetSummary;
import dev.firstpass.core.fpt.analysis.ResponseSummary;
import dev.firstpass.core.fpt.analysis.TargetReport;
import dev.firstpass.core.fpt.predict.LinearResponse;
import dev.firstpass.core.protocol.PerturbationKind;
import java.util.ArrayList;
import java.util.List;

/** The part of a report about one target: baseline, probe response, measured arms and the decision. */
final class TargetSection {
    private TargetSection() {
    }

    static Section of(ExperimentReport report, TargetReport target) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Facts("Baseline", baseline(target.baseline())));
        if (report.input().kind() != PerturbationKind.FULL_RESET) {
            blocks.add(new Facts("Probe response", response(target)));
        }
        if (!target.arms().isEmpty()) {
            blocks.add(arms(report, target));
        }
        blocks.add(new Facts("Decision", decision(target)));
        return new Section(ReportOutline.targetId(target),
                "Target " + Formats.target(report.input().metric(), target.target()), blocks);
    }

    private static List<Fact> baseline(BaselineSummary baseline) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("runs", baseline.runs() + " (" + baseline.censored() + " censored: never reached the target)"));
        facts.add(new Fact("QSS hazard h", hazard(baseline)));
        facts.add(new Fact("MFPT", mfpt(baseline)));
        facts.add(new Fact("CV", Double.isNaN(baseline.cv())
                ? "n/a (unknown without the tail of the censored runs)"
                : Formats.ratio(baseline.cv())));
        return facts;
    }

    private static String hazard(BaselineSummary baseline) {
        if (baseline.tQss().isEmpty()) {
            return "n/a (no quasi-steady state)";
        }
        if (Double.isNaN(baseline.hazard())) {
            return "n/a (no run was at risk in the quasi-steady state)";
        }
        return Formats.hazard(baseline.hazard()) + " per epoch from epoch " + baseline.tQss().getAsInt();
    }

    private static String mfpt(BaselineSummary baseline) {
        if (baseline.mfptIsLowerBound()) {
            return ">= " + Formats.epochs(baseline.mfpt()) + " epochs, a lower bound: without a quasi-steady state"
                    + " the censored runs' tail cannot be extrapolated";
        }
        if (Double.isInfinite(baseline.mfpt())) {
            return "inf: the censored runs never pass (no passages in the quasi-steady state)";
        }
        String how = baseline.mfptExtrapolated()
                ? "extrapolated beyond the last epoch with the QSS tail S(L)/h"
                : "every run passed, no extrapolation";
        return Formats.epochs(baseline.mfpt()) + " epochs " + Formats.interval(baseline.mfptInterval()) + ", " + how;
    }

    private static List<Fact> response(TargetReport target) {
        if (target.response().isEmpty()) {
            return List.of(new Fact("kicks", "none observed: every probe run passed before its first kick,"
                    + " so the response cannot be measured"));
        }
        ResponseSummary response = target.response().get();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("post-kick periods", response.periods() + " (" + response.passages()
                + " ending in passage); " + response.kickedRuns() + " runs kicked, " + response.censoredRuns()
                + " of them never passed"));
        facts.add(new Fact("mean N", Formats.ratio(response.meanKicks()) + " kicks before passage"));
        facts.add(new Fact("mean U", Formats.epochs(response.meanResidual()) + " epochs after the last kick"));
        facts.add(new Fact("mean T_I", Formats.epochs(response.meanSingleKickResponse())
                + " epochs from a single kick to passage"));
        facts.add(new Fact("relaxed hazard", Double.isNaN(response.relaxedHazard())
                ? "n/a (no period lasted past t_rel)"
                : Formats.hazard(response.relaxedHazard()) + " per epoch once relaxed after a kick"));
        return facts;
    }

    private static Table arms(ExperimentReport report, TargetReport target) {
        String level = Formats.percent(report.settings().confidence()).replace(".0%", "%");
        List<Column> columns = List.of(Column.text("arm"), Column.number("tau"), Column.number("runs"),
                Column.number("censored"), Column.number("observed MFPT"), Column.number("predicted MFPT"),
                Column.number(level + " interval"), Column.text("valid"), Column.number("rel. error"));
        List<List<String>> rows = new ArrayList<>();
        for (ArmObservation arm : target.arms()) {
            String interval = target.predictionAt(arm.tau())
                    .map(point -> Formats.interval(point.interval())).orElse("n/a");
            rows.add(List.of(arm.name(), String.valueOf(arm.tau()), String.valueOf(arm.runs()),
                    String.valueOf(arm.censored()),
                    (arm.observedIsLowerBound() ? ">= " : "") + Formats.epochs(arm.observedMfpt()),
                    Formats.epochs(arm.predictedMfpt()), interval, arm.predictionValid() ? "yes" : "no",
                    Formats.signedPercent(arm.relativeError())));
        }
        return new Table("Measured arms", columns, rows,
                ">= marks a lower bound (some runs never passed); relative error = (predicted - observed) / observed");
    }

    private static List<Fact> decision(TargetReport target) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("tau*", bestTau(target)));
        facts.add(new Fact("recommendation", target.recommend()
                ? "perturb every " + Formats.epochCount(target.bestTau().getAsInt())
                : "keep training unperturbed"));
        facts.add(new Fact("reason", target.reason()));
        facts.add(new Fact("linear response", linearResponse(target)));
        facts.add(new Fact("full reset", fullReset(target.fullReset())));
        return facts;
    }

    private static String bestTau(TargetReport target) {
        if (target.bestTau().isEmpty()) {
            return "none: no valid period has a finite prediction";
        }
        String text = Formats.epochCount(target.bestTau().getAsInt()) + " "
                + Formats.periodInterval(target.bestTauInterval());
        if (target.bestTauAtEdge()) {
            text += ", at the edge of validity (tau_min = " + target.tauMin().getAsInt()
                    + "): shorter periods might do better but cannot be predicted";
        }
        return text;
    }

    private static String linearResponse(TargetReport target) {
        if (target.linearResponse().isEmpty()) {
            return "n/a: needs the probe's response and a baseline MFPT that is not a lower bound";
        }
        LinearResponse response = target.linearResponse().get();
        if (response.baselineNeverPasses()) {
            return "the baseline's censored runs never pass (infinite moments), so any kick that leads to passage"
                    + " helps; mean T_I = " + Formats.epochs(response.meanResponse()) + " epochs";
        }
        String verdict = response.helps()
                ? "rare kicks help, since <T_I> = " + Formats.epochs(response.meanResponse()) + " < <T^2>/(2<T>) = "
                : "rare kicks do not help, since <T_I> = " + Formats.epochs(response.meanResponse())
                        + " >= <T^2>/(2<T>) = ";
        return "d<T_r>/dr at r = 0 is " + Formats.epochs(response.slope()) + ": " + verdict
                + Formats.epochs(response.threshold());
    }

    private static String fullReset(FullResetSummary fullReset) {
        String cv = "CV " + Formats.ratio(fullReset.cv()) + " (rare full resets help only when CV > 1)";
        if (fullReset.bestTau().isEmpty()) {
            return cv + "; no period has a finite full-reset prediction";
        }
        return cv + "; best full-reset period " + Formats.epochCount(fullReset.bestTau().getAsInt())
                + ", predicted MFPT " + Formats.epochs(fullReset.bestMfpt());
    }
}
