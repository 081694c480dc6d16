package dev.firstpass.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.FirstPassCommand;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firstpass demo --quick} end to end, in a JVM of its own as a user runs it: broker, monitor,
 * controller and trainers, the loop through observe, probe and exploit, the verdict, the report, and a
 * console that carries FirstPass's lines only.
 */
class DemoCommandTest {

    // FirstPass's own console lines: the introduction, progress stamped with seconds, the verdict and the
    // summary. Anything else (a library's log line, a native warning) is a line too many.
    private static final Pattern OWN_LINE = Pattern.compile("^(firstpass demo: .*|  .*|\\[ *\\d+s\\] .*|Verdict: .*"
            + "|Runs per arm: .*|Commands sent: .*|Final phase: .*|Wall time: .*|Report: .*|Fashion-MNIST .*|)$");
    private static final Pattern COMMANDS = Pattern.compile("Commands sent: (\\d+), .*; kicks applied and"
            + " acknowledged: (\\d+)");
    private static final Pattern NUMBER = Pattern.compile("\\d+\\.\\d");

    @TempDir
    Path dir;

    @Test
    @Timeout(420)
    void quickDemoGoesThroughTheLoopAndEndsWithANumberedVerdictOnAQuietConsole() throws Exception {
        Path report = dir.resolve("report");

        Process demo = new ProcessBuilder(javaCommand("demo", "--quick", "--report", report.toString()))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile())
                .start();
        boolean ended = demo.waitFor(400, TimeUnit.SECONDS);
        if (!ended) {
            demo.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        // Printed so that a slow or surprising run can be read in the surefire output.
        System.out.println(err);
        System.out.println(out);

        assertThat(ended).as("the demo ended within 400 s").isTrue();
        assertThat(demo.exitValue()).as("exit status").isZero();
        List<String> foreign = new ArrayList<>();
        for (String line : (err + out).split("\n", -1)) {
            if (!OWN_LINE.matcher(line).matches()) {
                foreign.add(line);
            }
        }
        assertThat(foreign).as("console lines that are not FirstPass's own").isEmpty();
        assertThat(Files.readString(report.resolve(DemoCommand.LOG_FILE))).as("the libraries' log")
                .contains("org.apache.kafka");

        assertThat(err).contains("controller: observe -> probe: ").contains("controller: probe -> exploit at tau* ");
        Matcher commands = COMMANDS.matcher(out);
        assertThat(commands.find()).as("the commands line").isTrue();
        assertThat(Long.parseLong(commands.group(1))).as("commands sent").isPositive();
        assertThat(Long.parseLong(commands.group(2))).as("kicks acknowledged").isPositive();
        assertThat(out).containsPattern("Final phase: exploit, tau\\* \\d+ \\[\\d+, \\d+\\]");

        List<String> verdict = out.lines().dropWhile(line -> !line.startsWith("Verdict: ")).limit(5).toList();
        assertThat(verdict).as("the verdict").hasSizeGreaterThanOrEqualTo(4);
        assertThat(verdict.get(0)).matches("Verdict: restart every \\d+ epochs \\(full reset: .*\\)\\.");
        assertThat(verdict.get(1)).startsWith("  predicted  ").containsPattern(NUMBER);
        assertThat(verdict.get(2)).startsWith("  measured   ").containsPattern(NUMBER);
        assertThat(verdict.get(3)).startsWith("  baseline   ");

        String html = Files.readString(report.resolve("index.html"));
        assertThat(html).contains(verdict.get(0));
        assertThat(html.indexOf("Verdict: ")).as("the report leads with the verdict").isLessThan(html.indexOf("<img"));
        for (String png : List.of(DemoReport.ACCURACY_PNG, DemoReport.SURVIVAL_PNG, DemoReport.MFPT_PNG,
                DemoReport.TIMELINE_PNG)) {
            assertThat(html).contains("src=\"" + png + "\"");
            BufferedImage image = ImageIO.read(report.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
        }
        assertThat(out).contains("signed with key 'demo' made for this demo; refused as unauthenticated: 0");
    }

    @Test
    void badOptionsAreNamedWithTheRuleBeforeAnythingStarts() {
        CliRun run = CliRun.execute("demo", "--runs", "5", "--lr", "0.1", "--lr-search", "3:0.03");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "firstpass demo: --runs must be at least 12, enough for a baseline and a probe: 5",
                "firstpass demo: --lr and --lr-search both set the learning rate; give one", ""));
    }

    @Test
    void aSearchRangeMustRunUpward() {
        CliRun run = CliRun.execute("demo", "--lr-search", "3:0.03");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("firstpass demo: --lr-search must be LOW:HIGH, two learning rates with"
                + " 0 < LOW < HIGH, e.g. 0.03:3: '3:0.03'" + System.lineSeparator());
    }

    /** This test JVM's java and class path, running the firstpass command as its main class does. */
    private static List<String> javaCommand(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                FirstPassCommand.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
