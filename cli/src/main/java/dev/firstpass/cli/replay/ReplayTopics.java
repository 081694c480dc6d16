package dev.firstpass.cli.replay;

import dev.firstpass.core.protocol.Topics;

/** Where a replay publishes: epoch events, acks of the recorded kicks, and run lifecycle events. */
record ReplayTopics(String epochs, String acks, String lifecycle) {

    static ReplayTopics defaults() {
        return new ReplayTopics(Topics.EPOCH_EVENTS, Topics.ACKS, Topics.RUN_LIFECYCLE);
    }
}
