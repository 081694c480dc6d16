package dev.firstpass.controller.facts;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.RunStarted;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the controller knows of one experiment from its input topics: its runs and the monitor's
 * latest statistics per arm and target.
 *
 * <p>Each {@code record} method says whether anything changed, so that only changed experiments are
 * re-evaluated. Messages are taken in any order across topics: a run that reported finishing stays
 * finished whatever arrives later.
 */
public final class ExperimentFacts {

    private final String experiment;
    private final TreeMap<String, RunFacts> runs = new TreeMap<>();
    private final Map<String, FptStats> stats = new HashMap<>();

    public ExperimentFacts(String experiment) {
        this.experiment = experiment;
    }

    public String experiment() {
        return experiment;
    }

    /** Every run heard of, by run id. */
    public Collection<RunFacts> runs() {
        return Collections.unmodifiableCollection(runs.values());
    }

    public Optional<RunFacts> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** The latest statistics of {@code arm} for {@code target}, if the monitor published any. */
    public Optional<FptStats> stats(String arm, double target) {
        return Optional.ofNullable(stats.get(key(arm, target)));
    }

    public boolean record(RunLifecycle message) {
        RunFacts run = runs.computeIfAbsent(message.runId(), RunFacts::new);
        if (message instanceof RunStarted started) {
            return run.started(started);
        }
        return message instanceof RunFinished finished && run.finish(finished.time());
    }

    public boolean record(EpochEvent event) {
        return runs.computeIfAbsent(event.runId(), RunFacts::new).epoch(event);
    }

    public boolean record(Ack ack) {
        return runs.computeIfAbsent(ack.runId(), RunFacts::new).ack(ack);
    }

    /** Keeps the statistics unless they are known already or older ones than those of the same arm and target. */
    public boolean record(FptStats update) {
        String key = key(update.arm(), update.target());
        FptStats known = stats.get(key);
        if (known != null && (update.time().isBefore(known.time()) || update.equals(known))) {
            return false;
        }
        stats.put(key, update);
        return true;
    }

    private static String key(String arm, double target) {
        return arm + "|" + Double.toString(target);
    }
}
