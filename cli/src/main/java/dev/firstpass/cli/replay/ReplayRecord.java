package dev.firstpass.cli.replay;

import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.WireMessage;

/** One record to publish: the topic, the run id as key, and the message. */
record ReplayRecord(String topic, String key, WireMessage message) {

    byte[] value() {
        return ProtocolJson.writeBytes(message);
    }
}
