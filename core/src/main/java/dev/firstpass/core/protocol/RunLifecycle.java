package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A run starting or finishing; both share one topic and are told apart by their {@code type} field.
 */
public sealed interface RunLifecycle extends WireMessage permits RunStarted, RunFinished {

    /** The {@code type} of a {@link RunStarted} on the wire. */
    String RUN_STARTED = "run_started";
    /** The {@code type} of a {@link RunFinished} on the wire. */
    String RUN_FINISHED = "run_finished";

    String experiment();

    String runId();

    Instant time();

    /** {@link #RUN_STARTED} or {@link #RUN_FINISHED}. */
    @JsonProperty("type")
    String type();
}
