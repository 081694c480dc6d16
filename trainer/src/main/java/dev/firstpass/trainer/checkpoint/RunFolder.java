package dev.firstpass.trainer.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder a run keeps across processes, named by its run id: checkpoints, the command ledger, the
 * spool of undelivered records, and the count of segments started.
 */
public final class RunFolder {

    private static final String SEGMENT = "segment";

    private final Path folder;

    private RunFolder(Path folder) {
        this.folder = folder;
    }

    /** The folder of {@code runId} under {@code dir}, created when missing. */
    public static RunFolder of(Path dir, String runId) {
        Path folder = dir.resolve(runId);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + folder, e);
        }
        return new RunFolder(folder);
    }

    public Path path() {
        return folder;
    }

    /**
     * Numbers a new segment of this run and remembers it: 0 the first time, then one more than the last
     * segment started, whether or not that one got as far as a checkpoint.
     */
    public int startSegment() {
        Path file = folder.resolve(SEGMENT);
        try {
            int segment = Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) + 1 : 0;
            Files.writeString(file, Integer.toString(segment));
            return segment;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("segment count " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    public CheckpointStore checkpoints() {
        return new CheckpointStore(folder);
    }

    public Path ledgerFile() {
        return folder.resolve("commands.ledger");
    }

    public Path spoolFile() {
        return folder.resolve("unsent.spool");
    }
}
