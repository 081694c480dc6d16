package dev.firstpass.cli.report;

import dev.firstpass.cli.report.ReportOutline.Column;
import dev.firstpass.cli.report.ReportOutline.Section;
import dev.firstpass.cli.report.ReportOutline.Table;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.TargetReport;
import java.util.ArrayList;
import java.util.List;

/** The closing part of a report: how far the valid predictions were from what the arms measured. */
final class AccuracySection {
    private AccuracySection() {
    }

    static Section of(ExperimentReport report) {
        List<List<String>> rows = new ArrayList<>();
        for (TargetReport target : report.targets()) {
            PredictionAccuracy accuracy = PredictionAccuracy.of(target);
            rows.add(List.of(Formats.target(report.input().metric(), target.target()), String.valueOf(accuracy.arms()),
                    Formats.percent(accuracy.meanAbsoluteRelativeError())));
        }
        Table table = new Table("", List.of(Column.text("target"), Column.number("arms"),
                Column.number("mean |relative error|")), rows,
                "over arms with a valid prediction and no censored runs, the probe left out");
        return new Section(ReportOutline.ACCURACY_ID, "Prediction error on the measured arms", List.of(table));
    }
}
