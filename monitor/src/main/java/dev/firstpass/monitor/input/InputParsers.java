package dev.firstpass.monitor.input;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.monitor.adapter.EpochEventAdapter;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * The parsers of the three input topics, each turning JSON bytes into {@link RunInput}s keyed by run id,
 * and the parser of epoch events in a foreign format.
 */
public final class InputParsers {

    private InputParsers() {
    }

    public static ProcessorSupplier<byte[], byte[], String, RunInput> epochEvents() {
        return () -> new InputParser<EpochEvent>(ProtocolJson::parseEpochEvent, EpochEvent::runId,
                RunInput.Epoch::new);
    }

    /**
     * Epoch events read by {@code adapter} from a topic not keyed by run id: zero or more events per
     * record, each keyed by its run id, and no key check.
     */
    public static ProcessorSupplier<byte[], byte[], String, RunInput> adapted(EpochEventAdapter adapter) {
        return () -> new AdaptedEpochParser(adapter);
    }

    public static ProcessorSupplier<byte[], byte[], String, RunInput> acks() {
        return () -> new InputParser<Ack>(ProtocolJson::parseAck, Ack::runId, RunInput.Answer::new);
    }

    public static ProcessorSupplier<byte[], byte[], String, RunInput> lifecycle() {
        return () -> new InputParser<RunLifecycle>(ProtocolJson::parseRunLifecycle, RunLifecycle::runId,
                RunInput.Lifecycle::new);
    }
}
