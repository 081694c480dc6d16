package dev.firstpass.sink;

/** A record the sink cannot turn into points; it is logged, counted and skipped. */
final class UnreadableRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableRecordException(String reason) {
        super(reason);
    }
}
