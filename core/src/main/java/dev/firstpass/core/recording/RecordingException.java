package dev.firstpass.core.recording;

/** A recording that cannot be used, with a message naming the file, the place and the rule. */
public class RecordingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RecordingException(String message) {
        super(message);
    }
}
