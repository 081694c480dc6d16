package dev.firstpass.trainer.publish;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.RunLifecycle;
import java.time.Duration;

/** The sink of a run without a broker. */
final class OfflineSink implements EventSink {

    @Override
    public void epoch(EpochEvent event) {
        // offline: the trajectory is recorded locally, if at all
    }

    @Override
    public void lifecycle(RunLifecycle message) {
        // offline
    }

    @Override
    public void ack(Ack ack) {
        // offline runs take no commands, so there is nothing to answer
    }

    @Override
    public int unsent() {
        return 0;
    }

    @Override
    public boolean awaitDelivered(Duration timeout) {
        return true;
    }

    @Override
    public void close(Duration timeout) {
        // nothing held
    }
}
