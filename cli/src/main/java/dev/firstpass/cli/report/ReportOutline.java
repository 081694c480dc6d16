package dev.firstpass.cli.report;

import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.TargetReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of a report independent of its medium: sections of labelled facts and tables. The
 * text and HTML reports render the same outline, so they cannot drift apart.
 */
public record ReportOutline(String title, List<Section> sections) {

    public ReportOutline {
        sections = List.copyOf(sections);
    }

    /** A titled part of the report; {@code id} lets a medium attach more to it, such as plots. */
    public record Section(String id, String title, List<Block> blocks) {
        public Section {
            blocks = List.copyOf(blocks);
        }
    }

    /** A piece of a section. */
    public sealed interface Block permits Facts, Table {
    }

    /** Labelled values, one per line. */
    public record Facts(String heading, List<Fact> facts) implements Block {
        public Facts {
            facts = List.copyOf(facts);
        }
    }

    public record Fact(String label, String value) {
    }

    /** Rows of cells under column headers; numeric columns are right-aligned. */
    public record Table(String heading, List<Column> columns, List<List<String>> rows, String note) implements Block {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    public record Column(String header, boolean numeric) {
        public static Column text(String header) {
            return new Column(header, false);
        }

        public static Column number(String header) {
            return new Column(header, true);
        }
    }

    public static final String EXPERIMENT_ID = "experiment";
    public static final String ACCURACY_ID = "accuracy";

    /** The id of a target's section, also the stem of its plot files ("target-55"). */
    public static String targetId(TargetReport target) {
        return "target-" + Formats.threshold(target.target().threshold()).replace("-", "minus");
    }

    /** The outline of an analysis: the experiment, one section per target, and the prediction errors. */
    public static ReportOutline of(ExperimentReport report, ReportSources sources) {
        List<Section> sections = new ArrayList<>();
        sections.add(ExperimentSection.of(report, sources));
        for (TargetReport target : report.targets()) {
            sections.add(TargetSection.of(report, target));
        }
        sections.add(AccuracySection.of(report));
        String metric = report.input().metric();
        String title = "FirstPass analysis of " + metric + " (" + report.input().direction().label() + "), "
                + ExperimentSection.kindName(report) + " perturbations";
        return new ReportOutline(title, sections);
    }
}
