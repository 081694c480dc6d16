package dev.firstpass.monitor.deadletter;

/**
 * The headers a dead-lettered record carries besides its original ones; values are UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** The exact reason, e.g. "epoch must be at least 1: 0". */
    public static final String REASON = "firstpass.dlq.reason";
    /** The {@link DeadLetterKind#label()} of the reason, e.g. "invalid-record". */
    public static final String KIND = "firstpass.dlq.kind";
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "firstpass.dlq.source.topic";
    /** Its partition, in decimal. */
    public static final String SOURCE_PARTITION = "firstpass.dlq.source.partition";
    /** Its offset, in decimal. */
    public static final String SOURCE_OFFSET = "firstpass.dlq.source.offset";

    private DeadLetterHeaders() {
    }
}
