package dev.firstpass.cli.train;

import dev.firstpass.trainer.run.MetricNames;
import dev.firstpass.trainer.run.RunEvent;
import dev.firstpass.trainer.run.RunListener;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows a fleet's progress on stderr, one line per run (epoch, test accuracy, kicks): on a terminal
 * the lines are redrawn in place; otherwise (logs, CI) a run's line is printed again when it changes.
 */
final class ProgressBoard implements RunListener {

    private final PrintWriter err;
    private final boolean redraw;
    private final int width;
    private final Map<String, String> status = new LinkedHashMap<>();
    private final Map<String, Integer> maxEpochs = new HashMap<>();
    private int drawn;

    ProgressBoard(PrintWriter err, boolean redraw, List<String> runIds) {
        this.err = err;
        this.redraw = redraw;
        this.width = runIds.stream().mapToInt(String::length).max().orElse(0);
        runIds.forEach(id -> status.put(id, "waiting"));
    }

    @Override
    public synchronized void onStarted(RunEvent.Started event) {
        maxEpochs.put(event.runId(), event.maxEpochs());
        update(event.runId(), event.segment() == 0 ? "starting"
                : "resuming after epoch " + event.epoch() + " (segment " + event.segment() + ")");
    }

    @Override
    public synchronized void onEpoch(RunEvent.EpochCompleted event) {
        update(event.runId(), String.format(Locale.ROOT, "epoch %d/%d  test_accuracy %.4f  kicks %d", event.epoch(),
                maxEpochs.getOrDefault(event.runId(), 0), event.metrics().get(MetricNames.TEST_ACCURACY),
                event.perturbationsApplied()));
    }

    @Override
    public synchronized void onEnded(RunEvent.Ended event) {
        String reason = event.reason().name().toLowerCase(Locale.ROOT);
        update(event.runId(), status.get(event.runId()) + "  " + reason
                + event.failure().map(failure -> ": " + failure.getMessage()).orElse(""));
    }

    private void update(String runId, String text) {
        status.put(runId, text);
        if (redraw) {
            // Move up over the board drawn last time and draw it again, clearing each line's tail.
            if (drawn > 0) {
                err.print("\033[" + drawn + "F");
            }
            status.forEach((id, line) -> err.print(line(id, line) + "\033[K\n"));
            drawn = status.size();
        } else {
            err.println(line(runId, text));
        }
        err.flush();
    }

    private String line(String runId, String text) {
        return String.format(Locale.ROOT, "%-" + Math.max(width, 1) + "s  %s", runId, text);
    }
}
