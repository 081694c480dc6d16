package dev.firstpass.broker;

/**
 * Thrown when an embedded broker cannot start or does not answer in time; the message says why in terms
 * a user can act on (the port in use, the directory that cannot be written).
 */
public class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerStartException(String message) {
        super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
