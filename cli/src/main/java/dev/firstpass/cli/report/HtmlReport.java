package dev.firstpass.cli.report;

import dev.firstpass.cli.FirstPassVersion;
import dev.firstpass.cli.chart.ChartStyle;
import dev.firstpass.cli.report.ReportFigures.Figure;
import dev.firstpass.cli.report.ReportOutline.Block;
import dev.firstpass.cli.report.ReportOutline.Column;
import dev.firstpass.cli.report.ReportOutline.Fact;
import dev.firstpass.cli.report.ReportOutline.Facts;
import dev.firstpass.cli.report.ReportOutline.Section;
import dev.firstpass.cli.report.ReportOutline.Table;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code --report DIR} output: a self-contained index.html (inline CSS, nothing fetched from
 * elsewhere) with the same tables as the text report, and PNG plots beside it referenced by file name,
 * so the folder can be copied or archived as a whole.
 */
public final class HtmlReport {
    public static final String INDEX = "index.html";

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1000px;
                   color: #222; line-height: 1.4; padding: 0 1em; }
            h1 { font-size: 1.5em; border-bottom: 2px solid #1f5fbf; padding-bottom: .3em; }
            h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
            h3 { font-size: 1.05em; margin-bottom: .3em; }
            table { border-collapse: collapse; margin: .5em 0 1em; font-size: .92em; }
            th, td { padding: .25em .7em; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
            table.facts th { text-align: left; white-space: nowrap; color: #555; font-weight: 600; }
            table.data th { background: #f2f5fa; text-align: left; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            p.note { color: #666; font-size: .85em; margin-top: -.5em; }
            figure { margin: 1.5em 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
            figcaption { color: #444; font-size: .9em; margin-top: .3em; }
            footer { margin-top: 3em; color: #888; font-size: .8em; }
            """;

    private HtmlReport() {
    }

    /** Creates the folder if needed, writes the plots and index.html, and returns the path of index.html. */
    public static Path write(Path folder, ExperimentReport report, ReportSources sources) throws IOException {
        Files.createDirectories(folder);
        Map<String, List<Figure>> figures = ReportFigures.draw(folder, report);
        Path index = folder.resolve(INDEX);
        Files.writeString(index, render(ReportOutline.of(report, sources), figures), StandardCharsets.UTF_8);
        return index;
    }

    static String render(ReportOutline outline, Map<String, List<Figure>> figures) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(outline.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(outline.title())).append("</h1>\n");
        for (Section section : outline.sections()) {
            html.append("<section id=\"").append(escape(section.id())).append("\">\n")
                    .append("<h2>").append(escape(section.title())).append("</h2>\n");
            for (Block block : section.blocks()) {
                if (block instanceof Facts facts) {
                    appendFacts(html, facts);
                } else if (block instanceof Table table) {
                    appendTable(html, table);
                }
            }
            for (Figure figure : figures.getOrDefault(section.id(), List.of())) {
                html.append("<figure>\n<img src=\"").append(escape(figure.fileName())).append("\" alt=\"")
                        .append(escape(figure.alt())).append("\" width=\"").append(ChartStyle.WIDTH)
                        .append("\" height=\"").append(ChartStyle.HEIGHT).append("\">\n<figcaption>")
                        .append(escape(figure.caption())).append("</figcaption>\n</figure>\n");
            }
            html.append("</section>\n");
        }
        html.append("<footer>Written by firstpass ").append(escape(FirstPassVersion.projectVersion()))
                .append(".</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void appendFacts(StringBuilder html, Facts facts) {
        appendHeading(html, facts.heading());
        html.append("<table class=\"facts\">\n");
        for (Fact fact : facts.facts()) {
            html.append("<tr><th>").append(escape(fact.label())).append("</th><td>").append(escape(fact.value()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void appendTable(StringBuilder html, Table table) {
        appendHeading(html, table.heading());
        html.append("<table class=\"data\">\n<thead><tr>");
        for (Column column : table.columns()) {
            html.append(column.numeric() ? "<th class=\"num\">" : "<th>").append(escape(column.header())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : table.rows()) {
            html.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                html.append(table.columns().get(c).numeric() ? "<td class=\"num\">" : "<td>").append(escape(row.get(c)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (table.note() != null && !table.note().isEmpty()) {
            html.append("<p class=\"note\">").append(escape(table.note())).append("</p>\n");
        }
    }

    private static void appendHeading(StringBuilder html, String heading) {
        if (heading != null && !heading.isEmpty()) {
            html.append("<h3>").append(escape(heading)).append("</h3>\n");
        }
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
