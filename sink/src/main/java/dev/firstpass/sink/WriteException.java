package dev.firstpass.sink;

/**
 * A write the server did not accept, with whether trying the same points again can help.
 *
 * <p>Refused content (400 bad request, 413 too large, 422 unprocessable: a malformed point, a field whose
 * type changed) will be refused again; splitting the batch finds the points at fault. Anything else (no
 * connection, a timeout, 5xx, 429, and also 401, 403 and 404, which an operator fixes by correcting the
 * token or creating the bucket) is worth retrying unchanged.
 */
final class WriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** @param status the HTTP status, or 0 when no answer came */
    WriteException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    int status() {
        return status;
    }

    /** Whether the server refused the content itself, so that the same points would be refused again. */
    boolean contentRefused() {
        return status == 400 || status == 413 || status == 422;
    }
}
