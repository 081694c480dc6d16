package dev.firstpass.monitor.deadletter;

/**
 * A record the monitor cannot use, with the exact reason, on its way to the dead-letter topic.
 *
 * @param source the record as it arrived
 * @param kind the kind of problem, for counting
 * @param reason the problem in words, naming the rule and the offending value
 */
public record DeadLetter(SourceRecord source, DeadLetterKind kind, String reason) {
}
