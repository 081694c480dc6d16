package dev.firstpass.monitor.input;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.WireMessage;
import dev.firstpass.monitor.adapter.EpochEventAdapter;
import dev.firstpass.monitor.deadletter.DeadLetter;
import dev.firstpass.monitor.deadletter.DeadLetterKind;
import dev.firstpass.monitor.deadletter.SourceRecord;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads a record of a foreign topic with an {@link EpochEventAdapter} and forwards each message it
 * carries (epoch events, kicks, run ends) keyed by its run id; a record the adapter rejects becomes one
 * dead letter with the adapter's reasons, joined by "; ".
 *
 * <p>The record key is not checked against the run id: foreign topics are keyed however their
 * producers chose, which is why the events are repartitioned afterwards.
 */
final class AdaptedEpochParser implements Processor<byte[], byte[], String, RunInput> {

    private final EpochEventAdapter adapter;
    private ProcessorContext<String, RunInput> context;

    AdaptedEpochParser(EpochEventAdapter adapter) {
        this.adapter = adapter;
    }

    @Override
    public void init(ProcessorContext<String, RunInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        // Metadata is absent only for records a punctuator makes up; parsers read source topics only.
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        SourceRecord source = new SourceRecord(record.key(), record.value(), meta.topic(), meta.partition(),
                meta.offset());
        // A negative timestamp means the record has none; the adapter then needs a time field.
        Instant recordTime = record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp());
        List<WireMessage> messages;
        try {
            messages = adapter.messages(record.key(), record.value(), recordTime);
        } catch (InvalidRecordException e) {
            DeadLetter letter = new DeadLetter(source, kindOf(e), e.getMessage());
            context.forward(record.withKey((String) null).withValue(new RunInput.Unusable(letter)));
            return;
        }
        for (WireMessage message : messages) {
            if (message instanceof EpochEvent event) {
                context.forward(record.withKey(event.runId()).withValue(new RunInput.Epoch(event, source)));
            } else if (message instanceof Ack kick) {
                context.forward(record.withKey(kick.runId()).withValue(new RunInput.Answer(kick, source)));
            } else if (message instanceof RunLifecycle lifecycle) {
                context.forward(record.withKey(lifecycle.runId()).withValue(new RunInput.Lifecycle(lifecycle,
                        source)));
            }
        }
    }

    // The JSON adapter reports unreadable JSON alone and in these words (see docs/adapters.md).
    private static DeadLetterKind kindOf(InvalidRecordException e) {
        String first = e.violations().get(0);
        if (first.startsWith("malformed JSON") || first.startsWith("record value must be a JSON object")) {
            return DeadLetterKind.MALFORMED_JSON;
        }
        return DeadLetterKind.INVALID_RECORD;
    }
}
