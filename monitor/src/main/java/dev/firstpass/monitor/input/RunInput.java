package dev.firstpass.monitor.input;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.monitor.deadletter.DeadLetter;
import dev.firstpass.monitor.deadletter.SourceRecord;

/** One input record about a run after parsing: a usable message with its origin, or a dead letter. */
public sealed interface RunInput {

    /** An epoch's metrics. */
    record Epoch(EpochEvent event, SourceRecord source) implements RunInput {
    }

    /** A trainer's answer to a command. */
    record Answer(Ack ack, SourceRecord source) implements RunInput {
    }

    /** A run starting or finishing. */
    record Lifecycle(RunLifecycle message, SourceRecord source) implements RunInput {
    }

    /** A record that could not be parsed; it goes to the dead-letter topic unchanged. */
    record Unusable(DeadLetter deadLetter) implements RunInput {
    }
}
