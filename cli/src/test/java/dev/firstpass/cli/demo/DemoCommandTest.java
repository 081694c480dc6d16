package dev.firstpass.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.CliRun;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code firstpass demo --quick} end to end: broker, monitor, controller and trainers, then the report. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void quickDemoWritesReportWithEveryPlot() throws IOException {
        Path report = dir.resolve("report");

        CliRun run = CliRun.execute("demo", "--quick", "--report", report.toString());

        assertThat(run.exitCode()).as("stderr:%n%s%nstdout:%n%s", run.err(), run.out()).isZero();
        // Printed so that a slow or surprising run can be read in the surefire output.
        System.out.println(run.err());
        System.out.println(run.out());
        Path index = report.resolve("index.html");
        assertThat(index).exists();
        String html = Files.readString(index);
        for (String png : List.of(DemoReport.ACCURACY_PNG, DemoReport.SURVIVAL_PNG, DemoReport.MFPT_PNG,
                DemoReport.TIMELINE_PNG)) {
            assertThat(html).contains("src=\"" + png + "\"");
            BufferedImage image = ImageIO.read(report.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isPositive();
        }
        assertThat(run.out()).contains("Report: ").contains("Final phase: ")
                .contains("signed with key 'demo' made for this demo; refused as unauthenticated: 0");
    }
}
