package dev.firstpass.trainer.dataset;

/** A dataset's files are not where they were looked for; the message says where and how to get them. */
public final class DatasetNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String message) {
        super(message);
    }
}
