package dev.firstpass.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firstpass.cli.FirstPassCommand;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The example script records a baseline and a kicked arm offline (on the CPU here, on CUDA where there is one),
 * and {@code firstpass analyze} reads the recordings back: its runs, its arm's period, its kicks.
 */
class PythonExampleAnalyzeTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePython() {
        PythonFleet.assumePythonWithTorchAndKafka();
    }

    @Test
    void recordingsOfTheExampleAreReadBackByAnalyze() throws Exception {
        Path baseline = dir.resolve("baseline");
        Path kicked = dir.resolve("s_and_p_reset2");
        record(baseline);
        record(kicked, "--kick", "shrink_perturb", "--every", "2");

        List<EpochEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(kicked.resolve("fmnist-mlp-python-s0.jsonl"))) {
            events.add(ProtocolJson.parseEpochEvent(line));
        }
        assertThat(events).extracting(EpochEvent::perturbationsApplied).containsExactly(0, 0, 1, 1);
        assertThat(events).extracting(EpochEvent::arm).containsOnly("s_and_p_reset2");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine analyze = FirstPassCommand.commandLine();
        analyze.setOut(new PrintWriter(out, true));
        analyze.setErr(new PrintWriter(err, true));
        int status = analyze.execute("analyze", "--baseline", baseline.toString(), "--probe", kicked.toString(),
                "--metric", "test_accuracy", "--target", "0.5", "--qss-min-runs", "3", "--qss-window", "1",
                "--bootstrap-resamples", "20", "--json", "--quiet");

        assertThat(status).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("baseline_runs").asInt()).isEqualTo(3);
        assertThat(report.get("probe").get("runs").asInt()).isEqualTo(3);
        assertThat(report.get("probe").get("tau").asInt()).isEqualTo(2);
        JsonNode arm = report.get("targets").get(0).get("arms").get(0);
        assertThat(arm.get("name").asText()).isEqualTo("s_and_p_reset2");
        assertThat(arm.get("runs").asInt()).isEqualTo(3);
        assertThat(arm.get("tau").asInt()).isEqualTo(2);
    }

    private static void record(Path folder, String... kick) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PythonFleet.PYTHON, PythonFleet.CLIENT
                .resolve("examples/train_classifier.py").toString(), "--seeds", "0-2", "--epochs", "4",
                "--train-subset", "600", "--test-subset", "1000", "--device", "cpu", "--record", folder.toString()));
        command.addAll(List.of(kick));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().remove("FIRSTPASS_BOOTSTRAP_SERVERS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
