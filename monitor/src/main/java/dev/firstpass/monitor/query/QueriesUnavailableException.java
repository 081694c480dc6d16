package dev.firstpass.monitor.query;

/** The stores cannot be queried right now (starting, rebalancing, shutting down); try again later. */
public final class QueriesUnavailableException extends RuntimeException {

    public QueriesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
