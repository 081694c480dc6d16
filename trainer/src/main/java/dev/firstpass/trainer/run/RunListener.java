package dev.firstpass.trainer.run;

/**
 * Hears what a run does, in the style of DJL's TrainingListener but at the level of a run: epochs,
 * kicks, refused commands, the end. Called on the training thread except where an event says otherwise;
 * a listener that throws fails the run.
 */
public interface RunListener {

    default void onStarted(RunEvent.Started event) {
    }

    default void onEpoch(RunEvent.EpochCompleted event) {
    }

    default void onPerturbation(RunEvent.PerturbationApplied event) {
    }

    default void onCommandRefused(RunEvent.CommandRefused event) {
    }

    default void onEnded(RunEvent.Ended event) {
    }
}
