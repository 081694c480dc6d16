package dev.firstpass.cli.report;

import dev.firstpass.cli.report.ReportOutline.Block;
import dev.firstpass.cli.report.ReportOutline.Fact;
import dev.firstpass.cli.report.ReportOutline.Facts;
import dev.firstpass.cli.report.ReportOutline.Section;
import dev.firstpass.cli.report.ReportOutline.Table;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import java.util.List;

/** The default output of {@code firstpass analyze}: the report as aligned plain text for a terminal. */
public final class TextReport {
    private static final String INDENT = "  ";

    private TextReport() {
    }

    public static String render(ExperimentReport report, ReportSources sources) {
        return render(ReportOutline.of(report, sources));
    }

    static String render(ReportOutline outline) {
        StringBuilder text = new StringBuilder();
        text.append(outline.title()).append('\n').append("=".repeat(outline.title().length())).append('\n');
        for (Section section : outline.sections()) {
            text.append('\n').append(section.title()).append('\n').append("-".repeat(section.title().length())).append('\n');
            for (Block block : section.blocks()) {
                if (block instanceof Facts facts) {
                    appendFacts(text, facts);
                } else if (block instanceof Table table) {
                    appendTable(text, table);
                }
            }
        }
        return text.toString();
    }

    private static void appendFacts(StringBuilder text, Facts facts) {
        String indent = appendHeading(text, facts.heading());
        int width = facts.facts().stream().mapToInt(fact -> fact.label().length()).max().orElse(0);
        for (Fact fact : facts.facts()) {
            text.append(indent).append(pad(fact.label(), width, false)).append("  ").append(fact.value()).append('\n');
        }
    }

    private static void appendTable(StringBuilder text, Table table) {
        String indent = appendHeading(text, table.heading());
        int[] widths = new int[table.columns().size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = table.columns().get(c).header().length();
            for (List<String> row : table.rows()) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        appendRow(text, indent, table, table.columns().stream().map(ReportOutline.Column::header).toList(), widths);
        for (List<String> row : table.rows()) {
            appendRow(text, indent, table, row, widths);
        }
        if (table.note() != null && !table.note().isEmpty()) {
            text.append(indent).append("(").append(table.note()).append(")\n");
        }
    }

    private static void appendRow(StringBuilder text, String indent, Table table, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            line.append(pad(cells.get(c), widths[c], table.columns().get(c).numeric()));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** Writes a block heading if there is one; the block's lines are indented beneath it. */
    private static String appendHeading(StringBuilder text, String heading) {
        if (heading == null || heading.isEmpty()) {
            return INDENT;
        }
        text.append(INDENT).append(heading).append('\n');
        return INDENT + INDENT;
    }

    private static String pad(String cell, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - cell.length()));
        return right ? padding + cell : cell + padding;
    }
}
