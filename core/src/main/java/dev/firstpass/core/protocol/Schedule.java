package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * When a commanded perturbation acts: once at the next epoch boundary, periodically, or no more
 * (stop cancels a periodic schedule). A new periodic schedule replaces the run's previous one.
 *
 * <p>A kick "after epoch k" acts between epoch k's evaluation and epoch k+1's training.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Schedule.NextEpoch.class, name = Schedule.NEXT_EPOCH),
    @JsonSubTypes.Type(value = Schedule.Periodic.class, name = Schedule.PERIODIC),
    @JsonSubTypes.Type(value = Schedule.Stop.class, name = Schedule.STOP)})
public sealed interface Schedule permits Schedule.NextEpoch, Schedule.Periodic, Schedule.Stop {

    /** The {@code type} of {@link NextEpoch} on the wire. */
    String NEXT_EPOCH = "next_epoch";
    /** The {@code type} of {@link Periodic} on the wire. */
    String PERIODIC = "periodic";
    /** The {@code type} of {@link Stop} on the wire. */
    String STOP = "stop";

    /** Once, after the epoch the trainer is in when the command arrives. */
    static Schedule nextEpoch() {
        return new NextEpoch();
    }

    /** Start of a periodic schedule: {@code Schedule.every(5).fromEpoch(10)}. */
    static Every every(int epochs) {
        return new Every(epochs);
    }

    /** No more kicks: cancels the run's periodic schedule (the command's kind is not applied). */
    static Schedule stop() {
        return new Stop();
    }

    /** Once, at the next epoch boundary. */
    record NextEpoch() implements Schedule {
    }

    /** Cancels a periodic schedule. */
    record Stop() implements Schedule {
    }

    /**
     * After epoch {@code fromEpoch} and every {@code every} epochs after it.
     *
     * @param every the period tau, in epochs
     * @param fromEpoch the first epoch e0 after which to act
     */
    @JsonPropertyOrder({"type", "every", "from_epoch"})
    record Periodic(int every, int fromEpoch) implements Schedule {

        public Periodic {
            Violations v = new Violations();
            v.atLeast("schedule.every", every, 1);
            v.atLeast("schedule.from_epoch", fromEpoch, 1);
            v.throwIfAny();
        }
    }

    /** The period of a schedule whose first epoch is still to be given. */
    record Every(int epochs) {

        public Periodic fromEpoch(int epoch) {
            return new Periodic(epochs, epoch);
        }
    }
}
