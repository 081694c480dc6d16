package dev.firstpass.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the libraries' logging goes (Kafka, Kafka Streams, DJL), so that a command's console carries only
 * FirstPass's own lines: a file beside the command's output by default, the console with --verbose.
 *
 * <p>slf4j-simple reads its settings once, when the first logger is made, so this must run before
 * anything logs; commands call it first thing. Settings already given as system properties
 * ({@code -Dorg.slf4j.simpleLogger...}) are kept.
 */
public final class LogDestination {

    static final String PREFIX = "org.slf4j.simpleLogger.";
    static final String LOG_FILE = PREFIX + "logFile";
    static final String DEFAULT_LEVEL = PREFIX + "defaultLogLevel";
    static final String FIRSTPASS_LEVEL = PREFIX + "log.dev.firstpass";

    private LogDestination() {
    }

    /**
     * Every log line to {@code file} (FirstPass's own at info, the libraries' at warn), or, when
     * {@code verbose}, everything at info to stderr.
     *
     * @throws UncheckedIOException when the file's folder cannot be created
     */
    public static void fileUnlessVerbose(Path file, boolean verbose) {
        if (verbose) {
            System.getProperties().putIfAbsent(DEFAULT_LEVEL, "info");
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of the log file " + file, e);
        }
        System.getProperties().putIfAbsent(LOG_FILE, file.toAbsolutePath().toString());
        System.getProperties().putIfAbsent(DEFAULT_LEVEL, "warn");
        System.getProperties().putIfAbsent(FIRSTPASS_LEVEL, "info");
        System.getProperties().putIfAbsent(PREFIX + "showDateTime", "true");
        System.getProperties().putIfAbsent(PREFIX + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
    }

    /**
     * Warnings only on the console: Kafka logs every connection and rebalance at info, thousands of lines
     * per start. Levels the user set are kept.
     */
    public static void consoleWarningsOnly() {
        System.getProperties().putIfAbsent(DEFAULT_LEVEL, "warn");
    }

    /** FirstPass's own info lines on the console too, for a service whose info lines are news (a recovery). */
    public static void ownLinesAtInfo() {
        System.getProperties().putIfAbsent(FIRSTPASS_LEVEL, "info");
    }
}
