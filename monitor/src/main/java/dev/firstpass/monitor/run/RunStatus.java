package dev.firstpass.monitor.run;

/** Where a run is in its life, as far as the monitor can tell. */
public enum RunStatus {
    /** Reporting epochs. */
    RUNNING,
    /** Said it finished; its reason is kept beside the status. */
    FINISHED,
    /** Silent for longer than the stall timeout; any later message revives it. */
    STALLED
}
