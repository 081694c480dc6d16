package dev.firstpass.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.report.ReportOutline.Column;
import dev.firstpass.cli.report.ReportOutline.Fact;
import dev.firstpass.cli.report.ReportOutline.Facts;
import dev.firstpass.cli.report.ReportOutline.Section;
import dev.firstpass.cli.report.ReportOutline.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {

    @Test
    void factsAlignTheirValuesAndTablesRightAlignNumbers() {
        ReportOutline outline = new ReportOutline("Title", List.of(new Section("s", "Target acc >= 55", List.of(
                new Facts("Baseline", List.of(new Fact("runs", "40 (3 censored)"), new Fact("QSS hazard h", "0.02"))),
                new Table("Measured arms", List.of(Column.text("arm"), Column.number("tau"), Column.number("observed MFPT")),
                        List.of(List.of("kick5", "5", ">= 19.2"), List.of("kick120", "120", "7.0")), "a note")))));

        assertThat(TextReport.render(outline)).isEqualTo("""
                Title
                =====

                Target acc >= 55
                ----------------
                  Baseline
                    runs          40 (3 censored)
                    QSS hazard h  0.02
                  Measured arms
                    arm      tau  observed MFPT
                    kick5      5        >= 19.2
                    kick120  120            7.0
                    (a note)
                """);
    }
}
