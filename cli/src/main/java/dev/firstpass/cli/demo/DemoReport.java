package dev.firstpass.cli.demo;

import dev.firstpass.cli.chart.ChartStyle;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.FptStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Writes the demo's index.html and its four PNG figures into one folder. */
final class DemoReport {

    static final String ACCURACY_PNG = "accuracy.png";
    static final String SURVIVAL_PNG = "survival.png";
    static final String MFPT_PNG = "mfpt.png";
    static final String TIMELINE_PNG = "decisions.png";

    private DemoReport() {
    }

    /** Everything the report shows. */
    record Contents(String dataset, double target, int epochs, List<DemoRun> runs, List<String> arms,
            List<FptStats> stats, ExperimentStatus status, long commandsSent, long kicksAcked,
            List<Decision> decisions, Verdict verdict, double wallSeconds) {
    }

    static Path write(Path dir, Contents c) throws IOException {
        Files.createDirectories(dir);
        ChartStyle.save(DemoCharts.accuracy(c.runs(), c.arms(), c.target()), dir.resolve(ACCURACY_PNG));
        ChartStyle.save(DemoCharts.survival(c.runs(), c.arms(), c.target()), dir.resolve(SURVIVAL_PNG));
        FptStats baseline = c.stats().stream().filter(s -> "baseline".equals(s.arm())).findFirst().orElse(null);
        // The probe's record carries the predictions over tau (for full resets, from the baseline alone).
        FptStats predictions = c.status() == null || c.status().tau0() == null ? null : c.stats().stream()
                .filter(s -> ("probe-" + c.status().tau0()).equals(s.arm())).findFirst().orElse(null);
        ChartStyle.save(DemoCharts.mfpt(predictions, baseline, measuredByTau(c.stats())), dir.resolve(MFPT_PNG));
        ChartStyle.save(DemoCharts.timeline(c.decisions()), dir.resolve(TIMELINE_PNG));
        Path index = dir.resolve("index.html");
        Files.writeString(index, html(c, baseline), StandardCharsets.UTF_8);
        return index;
    }

    /** The probe and exploit arms' statistics, keyed by the period in their name ("probe-6" kicks every 6). */
    private static Map<Integer, FptStats> measuredByTau(List<FptStats> stats) {
        Map<Integer, FptStats> byTau = new TreeMap<>();
        for (FptStats s : stats) {
            String arm = s.arm() == null ? "" : s.arm();
            int dash = arm.lastIndexOf('-');
            if (dash > 0 && arm.substring(dash + 1).chars().allMatch(Character::isDigit) && dash + 1 < arm.length()) {
                byTau.put(Integer.parseInt(arm.substring(dash + 1)), s);
            }
        }
        return byTau;
    }

    private static String html(Contents c, FptStats baseline) {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>FirstPass demo</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;")
                .append("text-align:left;vertical-align:top}img{max-width:100%}</style></head><body>\n")
                .append("<h1>FirstPass demo</h1>\n<pre style=\"font-size:14px;background:#f4f6fa;padding:10px\">")
                .append(escape(String.join("\n", c.verdict().lines()))).append("</pre>\n<p>")
                .append(escape(String.format(Locale.ROOT, "%d runs of an MLP on %s, %d epochs each, target "
                        + "test accuracy %s; finished in %.0f s.", c.runs().size(), c.dataset(), c.epochs(),
                        c.target(), c.wallSeconds())))
                .append("</p>\n<p><b>Controller:</b> ")
                .append(escape(c.status() == null ? "no status (it saw no runs)" : c.status().summary()))
                .append("; ").append(c.commandsSent()).append(" commands sent, ").append(c.kicksAcked())
                .append(" kicks applied and acknowledged.</p>\n<p><b>Runs per arm:</b> ")
                .append(escape(runsPerArm(c.runs()))).append("</p>\n");
        if (baseline != null) {
            page.append("<p><b>Monitor:</b> ").append(escape(baseline.reason() == null ? "" : baseline.reason()))
                    .append("</p>\n");
        }
        figure(page, "Test accuracy per arm, kicks marked", ACCURACY_PNG);
        figure(page, "Survival per arm (Kaplan-Meier)", SURVIVAL_PNG);
        figure(page, "Predicted MFPT over tau, measured arms as points", MFPT_PNG);
        figure(page, "Decision timeline", TIMELINE_PNG);
        page.append("<table><tr><th>time</th><th>type</th><th>phase</th><th>run</th><th>arm</th><th>tau</th>")
                .append("<th>reason</th></tr>\n");
        for (Decision d : c.decisions()) {
            page.append("<tr><td>").append(d.time()).append("</td><td>").append(d.type().wireName())
                    .append("</td><td>").append(d.phase() == null ? "" : d.phase().wireName())
                    .append("</td><td>").append(escape(orEmpty(d.runId()))).append("</td><td>")
                    .append(escape(orEmpty(d.arm()))).append("</td><td>").append(d.tau() == null ? "" : d.tau())
                    .append("</td><td>").append(escape(orEmpty(d.reason()))).append("</td></tr>\n");
        }
        return page.append("</table>\n</body></html>\n").toString();
    }

    static String runsPerArm(List<DemoRun> runs) {
        return runs.stream().collect(Collectors.groupingBy(DemoRun::arm, TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void figure(StringBuilder page, String caption, String png) {
        page.append("<h2>").append(caption).append("</h2>\n<img src=\"").append(png).append("\" alt=\"")
                .append(caption).append("\">\n");
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
