package dev.firstpass.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.SyntheticExperiment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void reportFolderHoldsIndexReferencingEveryPlotAndEveryPlotIsAReadablePng() throws IOException {
        SyntheticExperiment experiment = new SyntheticExperiment(3L);
        Path baseline = experiment.writeBaseline(dir.resolve("baseline"));
        Path probe = experiment.writeKickedArm(dir.resolve("kick20"), 20);
        Path arm = experiment.writeKickedArm(dir.resolve("kick35"), 35);
        Path report = dir.resolve("out/report");

        CliRun run = CliRun.execute("analyze", "--baseline", baseline.toString(), "--probe", probe.toString(),
                "--arm", arm.toString(), "--metric", "acc", "--target", "55", "--target", "58",
                "--bootstrap-resamples", "50", "--report", report.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).endsWith("firstpass analyze: report written to " + report.resolve("index.html") + "\n");
        String html = Files.readString(report.resolve("index.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>")
                .doesNotContain("http://").doesNotContain("https://")
                .contains("Measured arms").contains("kick35");
        List<Path> pngs;
        try (Stream<Path> files = Files.list(report)) {
            pngs = files.filter(file -> file.toString().endsWith(".png")).sorted().toList();
        }
        assertThat(pngs).extracting(png -> png.getFileName().toString()).containsExactly(
                "ensemble.png",
                "target-55-mfpt.png", "target-55-response.png", "target-55-survival.png",
                "target-58-mfpt.png", "target-58-response.png", "target-58-survival.png");
        for (Path png : pngs) {
            assertThat(html).contains("<img src=\"" + png.getFileName() + "\"");
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes).startsWith(PNG_MAGIC);
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(900);
            assertThat(image.getHeight()).isEqualTo(540);
        }
    }
}
