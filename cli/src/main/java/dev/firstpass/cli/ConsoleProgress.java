package dev.firstpass.cli;

import dev.firstpass.core.fpt.analysis.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows the analysis' progress on stderr: on a terminal one line rewritten in place, otherwise (logs,
 * CI) a line each time a stage passes another quarter, so logs stay short.
 */
public final class ConsoleProgress implements ProgressListener {
    private final PrintWriter err;
    private final boolean terminal;
    private String stage;
    private int quartersShown;
    private int lastWidth;

    private ConsoleProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** One line rewritten in place with carriage returns, for an interactive terminal. */
    public static ConsoleProgress onTerminal(PrintWriter err) {
        return new ConsoleProgress(err, true);
    }

    /** A line every 25% of each stage, for output that is captured. */
    public static ConsoleProgress inQuarterLines(PrintWriter err) {
        return new ConsoleProgress(err, false);
    }

    @Override
    public void update(String stage, int done, int total) {
        if (total <= 0) {
            return;
        }
        String line = String.format(Locale.ROOT, "firstpass: %s: %d%% (%d/%d)", stage, 100L * done / total, done, total);
        if (terminal) {
            // Pad with spaces so a shorter line fully covers the one before it.
            err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            err.flush();
            return;
        }
        if (!stage.equals(this.stage)) {
            this.stage = stage;
            quartersShown = 0;
        }
        int quarters = (int) (4L * done / total);
        if (quarters > quartersShown) {
            quartersShown = quarters;
            err.println(line);
            err.flush();
        }
    }

    /** Ends the rewritten line so that what follows starts on a fresh one. */
    public void finish() {
        if (terminal && lastWidth > 0) {
            err.println();
            err.flush();
            lastWidth = 0;
        }
    }
}
