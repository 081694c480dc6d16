package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message that travels on a FirstPass topic and can be written by {@link ProtocolJson}.
 */
public sealed interface WireMessage permits EpochEvent, RunLifecycle, Command, Ack, FptStats,
        PlateauEvent, Decision {

    /**
     * The schema version this message is written with. Not a record component: a record in memory is
     * always of the current version, readers of older versions convert while parsing.
     */
    @JsonProperty("schema")
    default int schema() {
        return SchemaVersion.CURRENT;
    }
}
