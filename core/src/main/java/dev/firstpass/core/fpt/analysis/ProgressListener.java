package dev.firstpass.core.fpt.analysis;

/** Receives progress of long analyses (bootstrap resampling) so callers can show it. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener SILENT = (stage, done, total) -> { };

    void update(String stage, int done, int total);
}
