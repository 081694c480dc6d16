package dev.firstpass.sink;

import java.util.List;

/**
 * The names of the measurements the sink writes; dashboards and docs refer to these.
 *
 * <p>Tags identify a series and are text; fields carry the values. A field keeps one type for good
 * (InfluxDB refuses a point whose field type changes), which is why metric values are always floats and
 * counts always integers.
 */
public final class Measurements {

    /** One point per run per epoch: every metric, and the epoch. */
    public static final String EPOCH = "training_epoch";
    /** One point per acknowledged command: what was done to a run, when, and how fast it was applied. */
    public static final String INTERVENTION = "training_intervention";
    /** One point per controller decision: what was decided, and the statistics it rested on. */
    public static final String DECISION = "training_decision";
    /** One point per change of a run's plateau state. */
    public static final String PLATEAU = "training_plateau";
    /** One point per published statistics record: experiment, arm and target. */
    public static final String FPT_STATS = "fpt_stats";
    /** One point per predicted perturbation period tau of a statistics record. */
    public static final String FPT_PREDICTION = "fpt_prediction";
    /** One point per epoch of the survival curve of a statistics record. */
    public static final String FPT_SURVIVAL = "fpt_survival";

    private Measurements() {
    }

    /** Every measurement the sink writes. */
    public static List<String> all() {
        return List.of(EPOCH, INTERVENTION, DECISION, PLATEAU, FPT_STATS, FPT_PREDICTION, FPT_SURVIVAL);
    }
}
