package dev.firstpass.cli.crash;

import dev.firstpass.cli.FirstPassCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The firstpass command line in a JVM of its own, started from the test's class path, so that a test
 * can kill it with SIGKILL: no shutdown hook runs, nothing is flushed, closed or committed.
 */
final class FirstPassProcess implements AutoCloseable {

    /** What a JVM ended by signal 9 exits with, as the shell reports it. */
    private static final int KILLED_BY_SIGKILL = 128 + 9;
    private static final long ORDERLY_STOP_SECONDS = 60;

    private final String name;
    private final Path log;
    private final Process process;

    private FirstPassProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Runs {@code firstpass <arguments>}, its output to {@code <logDir>/<name>.log}. */
    static FirstPassProcess start(String name, Path logDir, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Djava.awt.headless=true");
        // Spool files and Kafka Streams' defaults stay inside the test's folder.
        Path temporary = Files.createDirectories(logDir.resolve("tmp-" + name));
        command.add("-Djava.io.tmpdir=" + temporary);
        // FirstPass's own lines at info on stderr (restores, recoveries), the libraries' at warn.
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.dev.firstpass=info");
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_threads=1");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FirstPassCommand.class.getName());
        command.addAll(arguments);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new FirstPassProcess(name, log, process);
    }

    /** A loopback port that was free a moment ago, for a process's HTTP server. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Fails, with the process's output, unless it is still running. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " ended early with exit code " + process.exitValue() + "; its output:\n"
                    + output());
        }
    }

    /**
     * Sends SIGKILL ({@link Process#destroyForcibly()} on Linux) and waits for the process to die; fails
     * unless it died of that signal, so the caller knows the kill, not an exit of its own, ended it.
     */
    void kill() throws InterruptedException {
        requireAlive();
        process.destroyForcibly();
        int exit = process.waitFor();
        if (exit != KILLED_BY_SIGKILL) {
            throw new AssertionError(name + " exited with " + exit + ", not " + KILLED_BY_SIGKILL
                    + " (SIGKILL); its output:\n" + output());
        }
    }

    /** Waits for the process to end on its own; returns its exit code. */
    int awaitExit(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still running after " + timeoutSeconds + " s; its output:\n"
                    + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** An orderly stop (SIGTERM, as Ctrl-C), and SIGKILL only if that hangs: teardown, not a test step. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(ORDERLY_STOP_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
