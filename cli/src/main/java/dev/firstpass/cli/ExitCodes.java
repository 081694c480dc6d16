package dev.firstpass.cli;

/** Exit statuses of every firstpass command, so scripts can tell bad input from a failure of ours. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** Something unexpected went wrong: not the user's input. */
    public static final int FAILURE = 1;
    /** The input cannot be used: options, folders, files or data that do not support the analysis. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
