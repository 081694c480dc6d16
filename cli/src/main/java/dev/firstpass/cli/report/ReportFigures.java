package dev.firstpass.cli.report;

import dev.firstpass.cli.chart.ChartStyle;
import dev.firstpass.cli.chart.EnsembleChart;
import dev.firstpass.cli.chart.MfptChart;
import dev.firstpass.cli.chart.ResponseChart;
import dev.firstpass.cli.chart.SurvivalChart;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.TargetReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/** Draws the plots of an HTML report into its folder, grouped by the outline section they illustrate. */
final class ReportFigures {

    /** One plot: its PNG's file name in the report folder, a short text in its place, and what it shows. */
    record Figure(String fileName, String alt, String caption) {
    }

    private ReportFigures() {
    }

    /** Writes every PNG and returns the figures by section id. */
    static Map<String, List<Figure>> draw(Path folder, ExperimentReport report) throws IOException {
        Map<String, List<Figure>> figures = new LinkedHashMap<>();
        String metric = report.input().metric();
        String level = Formats.percent(report.settings().confidence()).replace(".0%", "%");

        Map<String, Double> targetLines = new LinkedHashMap<>();
        report.targets().forEach(target -> targetLines.put("target " + Formats.threshold(target.target().threshold()),
                target.target().threshold()));
        String steadyState = report.qss().detected()
                ? " The vertical line marks t_QSS, from which the distribution across runs stops changing."
                : " No quasi-steady state was detected (" + report.qss().explanation() + ").";
        figures.put(ReportOutline.EXPERIMENT_ID, List.of(save(folder, "ensemble.png",
                EnsembleChart.draw("Baseline " + metric + " across runs", metric, report.baselineProfile(),
                        report.qss().tQss(), targetLines),
                "The baseline's " + metric + " over epochs: mean across runs and the band holding the middle 80%"
                        + " of runs (10% to 90%)." + steadyState + " Dashed lines are the targets.")));

        for (TargetReport target : report.targets()) {
            String id = ReportOutline.targetId(target);
            String name = Formats.target(metric, target.target());
            List<Figure> targetFigures = new ArrayList<>();
            targetFigures.add(save(folder, id + "-survival.png",
                    SurvivalChart.draw("Survival to " + name, target),
                    "Kaplan-Meier survival S(t), the share of runs that have not reached " + name + " after t epochs:"
                            + " the baseline with its 95% Greenwood band, and every measured arm (step lines)."));
            targetFigures.add(save(folder, id + "-mfpt.png",
                    MfptChart.draw("Predicted MFPT to " + name + " by perturbation period", target),
                    "Predicted mean first-passage time against the period tau with its " + level + " bootstrap band:"
                            + " blue where the prediction is valid (tau >= tau_min), grey and dashed outside the"
                            + " validity range. Diamonds: measured arms; hollow triangles: measured lower bounds"
                            + " (arms with censored runs). Dashed horizontal line: the baseline MFPT; vertical line:"
                            + " tau* with its interval shaded."));
            if (target.response().isPresent()) {
                targetFigures.add(save(folder, id + "-response.png",
                        ResponseChart.draw("Probe response G(s) for " + name, target.response().get()),
                        "Post-kick survival G(s) of the probe arm: the share of kicked runs that have not reached "
                                + name + " s epochs after a kick, with its 95% Greenwood band; t_rel marks where"
                                + " the runs have relaxed after the kick."));
            }
            figures.put(id, targetFigures);
        }
        return figures;
    }

    private static Figure save(Path folder, String fileName, JFreeChart chart, String caption) throws IOException {
        ChartStyle.save(chart, folder.resolve(fileName));
        return new Figure(fileName, chart.getTitle().getText(), caption);
    }
}
