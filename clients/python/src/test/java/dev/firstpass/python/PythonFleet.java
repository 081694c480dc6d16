package dev.firstpass.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Python trainer process running {@code src/test/python/fleet.py}: real PyTorch runs reporting through the
 * Python client. Its output lines are kept for failure messages; {@link #awaitLine} and {@link #proceed} let a
 * test act between epochs.
 */
final class PythonFleet implements AutoCloseable {

    static final Path CLIENT = Path.of(System.getProperty("firstpass.python.client", "clients/python"));
    static final String PYTHON = System.getProperty("firstpass.python", "/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String missing;

    private final Process process;
    private final Path summary;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final Writer stdin;

    private PythonFleet(Process process, Path summary) {
        this.process = process;
        this.summary = summary;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "python-fleet-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Skips the calling test, saying why, unless the interpreter has torch and confluent-kafka. */
    static synchronized void assumePythonWithTorchAndKafka() {
        if (missing == null) {
            missing = probe();
        }
        Assumptions.assumeTrue(missing.isEmpty(), missing);
    }

    private static String probe() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " is not installed: the Python client's integration tests need it, with torch and"
                    + " confluent-kafka (apt-get install python3-torch python3-confluent-kafka)";
        }
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import torch, confluent_kafka")
                    .redirectErrorStream(true).start();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
                return PYTHON + " cannot import torch and confluent_kafka, which the Python client's integration"
                        + " tests need (apt-get install python3-torch python3-confluent-kafka): " + said;
            }
            return "";
        } catch (IOException e) {
            return PYTHON + " cannot be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking " + PYTHON;
        }
    }

    /** Starts the fleet with {@code arguments} (besides --summary), with {@code environment} added. */
    static PythonFleet start(Path dir, String name, List<String> arguments, Map<String, String> environment) {
        Path summary = dir.resolve(name + "-summary.json");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-u",
                CLIENT.resolve("src/test/python/fleet.py").toString(), "--summary", summary.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        // One intra-op thread: the test machine has two cores, shared with the broker, monitor and controller.
        builder.environment().put("OMP_NUM_THREADS", "1");
        try {
            return new PythonFleet(builder.start(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output unreadable: " + e + ")");
        }
    }

    /** Waits for the process to print {@code expected} on a line of its own; fails with its output otherwise. */
    void awaitLine(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (expected.equals(line)) {
                return;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("the Python fleet did not print '" + expected + "' within " + timeout + ":\n"
                + output());
    }

    /** Lets a fleet waiting after a handshake epoch go on. */
    void proceed() throws IOException {
        stdin.write("go\n");
        stdin.flush();
    }

    /** Waits for the process to end with status 0 and returns its summary, one object per run. */
    JsonNode awaitSummary(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the Python fleet did not finish within " + timeout + ":\n" + output());
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("the Python fleet failed with status " + process.exitValue() + ":\n" + output());
        }
        return JSON.readTree(summary.toFile());
    }

    /** Everything the process printed so far, for failure messages. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
