package dev.firstpass.monitor.serde;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.PlateauEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.monitor.experiment.ExperimentState;
import dev.firstpass.monitor.experiment.LatestStats;
import dev.firstpass.monitor.input.RunInput;
import dev.firstpass.monitor.run.EpochValue;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.run.RunState;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The serdes of everything the monitor stores, repartitions or publishes. */
public final class MonitorSerdes {

    private MonitorSerdes() {
    }

    /** Run state in a compact binary form: it is read and rewritten on every epoch event of the run. */
    public static Serde<RunState> runState() {
        return RunSerdes.state();
    }

    /** One epoch of a run, as stored one entry per epoch. */
    public static Serde<EpochValue> epochValue() {
        return RunSerdes.epochValue();
    }

    /** Run snapshots in a compact binary form, for the repartition by experiment and the experiment step. */
    public static Serde<RunSnapshot> runSnapshot() {
        return RunSerdes.snapshot();
    }

    /**
     * Inputs with their source records, for the repartition by run id; dead letters ({@link RunInput.Unusable})
     * cannot be written.
     */
    public static Serde<RunInput> runInput() {
        return RunInputSerde.create();
    }

    public static Serde<ExperimentState> experimentState() {
        return JsonSerde.of(ExperimentState.class);
    }

    public static Serde<LatestStats> latestStats() {
        return LatestStatsSerde.create();
    }

    /** Plateau events, written by the protocol's {@link ProtocolJson}. */
    public static Serde<PlateauEvent> plateauEvent() {
        return Serdes.serdeFrom((topic, event) -> event == null ? null : ProtocolJson.writeBytes(event),
                (topic, bytes) -> bytes == null ? null : ProtocolJson.parsePlateauEvent(bytes));
    }

    /** Published statistics, written by the protocol's {@link ProtocolJson}. */
    public static Serde<FptStats> fptStats() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null : ProtocolJson.writeBytes(stats),
                (topic, bytes) -> bytes == null ? null : ProtocolJson.parseFptStats(bytes));
    }
}
