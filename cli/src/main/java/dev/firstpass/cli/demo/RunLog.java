package dev.firstpass.cli.demo;

import dev.firstpass.trainer.command.CommandDesk;
import dev.firstpass.trainer.run.MetricNames;
import dev.firstpass.trainer.run.RunEvent;
import dev.firstpass.trainer.run.RunListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps what every run of the demo did: its test accuracy per epoch and the epochs it was kicked after.
 * Runs call it from their own threads and the progress line reads it, so every access is synchronized.
 */
final class RunLog implements RunListener {

    /** One run's history. */
    record RunHistory(String runId, List<Double> accuracy, List<Integer> kicks) {
    }

    private final Map<String, RunHistory> runs = new LinkedHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private final AtomicInteger kicks = new AtomicInteger();
    // Epoch durations are padded to this so that the monitor and controller see each epoch in time.
    private final long minEpochMillis;
    private final Map<String, Long> epochStarts = new LinkedHashMap<>();
    private final Set<String> ended = new HashSet<>();

    RunLog(long minEpochMillis) {
        this.minEpochMillis = minEpochMillis;
    }

    @Override
    public synchronized void onStarted(RunEvent.Started event) {
        runs.computeIfAbsent(event.runId(), id -> new RunHistory(id, new ArrayList<>(), new ArrayList<>()));
        epochStarts.put(event.runId(), System.nanoTime());
        started.incrementAndGet();
    }

    @Override
    public void onEpoch(RunEvent.EpochCompleted event) {
        long since;
        synchronized (this) {
            Double accuracy = event.metrics().get(MetricNames.TEST_ACCURACY);
            runs.get(event.runId()).accuracy().add(accuracy == null ? Double.NaN : accuracy);
            since = (System.nanoTime() - epochStarts.getOrDefault(event.runId(), System.nanoTime())) / 1_000_000;
        }
        pace(since);
        synchronized (this) {
            epochStarts.put(event.runId(), System.nanoTime());
        }
    }

    private void pace(long elapsedMillis) {
        long wait = minEpochMillis - elapsedMillis;
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void onPerturbation(RunEvent.PerturbationApplied event) {
        runs.get(event.runId()).kicks().add(event.epoch());
        kicks.incrementAndGet();
    }

    @Override
    public void onCommandRefused(RunEvent.CommandRefused event) {
        if (event.reason().startsWith(CommandDesk.AUTHENTICATION_FAILED)) {
            unauthenticated.incrementAndGet();
        }
    }

    @Override
    public synchronized void onEnded(RunEvent.Ended event) {
        ended.add(event.runId());
        finished.incrementAndGet();
    }

    int started() {
        return started.get();
    }

    int finished() {
        return finished.get();
    }

    /** Kicks the runs applied. */
    int kicks() {
        return kicks.get();
    }

    /** Commands the runs refused because they failed authentication. */
    int unauthenticated() {
        return unauthenticated.get();
    }

    /** Runs still training, with the last epoch each completed. */
    synchronized Map<String, Integer> running() {
        Map<String, Integer> epochs = new LinkedHashMap<>();
        runs.forEach((id, run) -> {
            if (!ended.contains(id)) {
                epochs.put(id, run.accuracy().size());
            }
        });
        return epochs;
    }

    /** A copy of every run's history, in start order. */
    synchronized List<RunHistory> histories() {
        List<RunHistory> copy = new ArrayList<>();
        runs.values().forEach(run -> copy.add(
                new RunHistory(run.runId(), List.copyOf(run.accuracy()), List.copyOf(run.kicks()))));
        return copy;
    }
}
