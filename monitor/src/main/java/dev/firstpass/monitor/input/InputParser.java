package dev.firstpass.monitor.input;

import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.WireMessage;
import dev.firstpass.monitor.deadletter.DeadLetter;
import dev.firstpass.monitor.deadletter.DeadLetterKind;
import dev.firstpass.monitor.deadletter.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses one topic's records with the protocol's own parser, checks that the key is the run id, and
 * forwards a {@link RunInput} keyed by run id; anything unusable becomes a dead letter.
 */
final class InputParser<M extends WireMessage> implements Processor<byte[], byte[], String, RunInput> {

    private static final int SHOWN_KEY_CHARS = 80;

    private final Function<byte[], M> parser;
    private final Function<M, String> runId;
    private final BiFunction<M, SourceRecord, RunInput> wrap;
    private ProcessorContext<String, RunInput> context;

    InputParser(Function<byte[], M> parser, Function<M, String> runId, BiFunction<M, SourceRecord, RunInput> wrap) {
        this.parser = parser;
        this.runId = runId;
        this.wrap = wrap;
    }

    @Override
    public void init(ProcessorContext<String, RunInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceRecord source = source(record);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        M message;
        try {
            message = parser.apply(record.value());
        } catch (InvalidRecordException e) {
            reject(record, key, source, kindOf(e), e.getMessage());
            return;
        }
        String id = runId.apply(message);
        if (key == null) {
            reject(record, null, source, DeadLetterKind.KEY_MISMATCH, "record key is missing; run_id is '" + id + "'");
        } else if (!key.equals(id)) {
            reject(record, key, source, DeadLetterKind.KEY_MISMATCH,
                    "record key '" + shown(key) + "' does not match run_id '" + id + "'");
        } else {
            context.forward(record.withKey(id).withValue(wrap.apply(message, source)));
        }
    }

    private void reject(Record<byte[], byte[]> record, String key, SourceRecord source, DeadLetterKind kind,
            String reason) {
        RunInput unusable = new RunInput.Unusable(new DeadLetter(source, kind, reason));
        context.forward(record.withKey(key).withValue(unusable));
    }

    // The key can be as large as the broker allows; the reason, a dead-letter header, quotes only the start.
    private static String shown(String key) {
        return key.length() <= SHOWN_KEY_CHARS ? key : key.substring(0, SHOWN_KEY_CHARS) + "...";
    }

    private SourceRecord source(Record<byte[], byte[]> record) {
        // Metadata is absent only for records a punctuator makes up; parsers read source topics only.
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        return new SourceRecord(record.key(), record.value(), meta.topic(), meta.partition(), meta.offset());
    }

    // The protocol reports these two problems alone and in these words (see ProtocolJson).
    private static DeadLetterKind kindOf(InvalidRecordException e) {
        String first = e.violations().get(0);
        if (first.startsWith("malformed JSON") || first.startsWith("unreadable JSON")
                || first.startsWith("a message must be a JSON object")) {
            return DeadLetterKind.MALFORMED_JSON;
        }
        if (first.startsWith("unsupported schema version")) {
            return DeadLetterKind.UNSUPPORTED_SCHEMA;
        }
        return DeadLetterKind.INVALID_RECORD;
    }
}
