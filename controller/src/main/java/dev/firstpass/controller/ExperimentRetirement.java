package dev.firstpass.controller;

import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.controller.facts.RunFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides when an experiment is over and can be forgotten: every run it heard of finished, and nothing
 * about it changed for the retention period.
 *
 * <p>Without it the controller would keep the facts and the policy of every experiment it has ever
 * seen, and its memory would grow for as long as it runs. A retired experiment is remembered by name
 * only; records that arrive for it later are ignored (logged at debug), as a fresh policy would start over
 * and reuse command ids the trainers have already answered. A restarted controller reads the whole
 * history again and retires the same experiments once the retention has passed.
 */
final class ExperimentRetirement {

    private final Duration retention;
    private final Map<String, Instant> lastChange = new HashMap<>();
    private final Set<String> retired = new HashSet<>();

    ExperimentRetirement(Duration retention) {
        this.retention = retention;
    }

    boolean isRetired(String experiment) {
        return retired.contains(experiment);
    }

    void changed(String experiment, Instant now) {
        lastChange.put(experiment, now);
    }

    /** The experiments to forget now: every run finished and quiet for the retention; none when it is zero. */
    List<String> due(Map<String, ExperimentFacts> facts, Instant now) {
        List<String> due = new ArrayList<>();
        if (retention.isZero()) {
            return due;
        }
        lastChange.forEach((experiment, changed) -> {
            ExperimentFacts known = facts.get(experiment);
            if (Duration.between(changed, now).compareTo(retention) >= 0 && known != null
                    && !known.runs().isEmpty() && known.runs().stream().allMatch(RunFacts::finished)) {
                due.add(experiment);
            }
        });
        return due;
    }

    void retire(String experiment) {
        lastChange.remove(experiment);
        retired.add(experiment);
    }

    int retiredCount() {
        return retired.size();
    }
}
