package dev.firstpass.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for the commands that serve until stopped (broker, monitor, controller, sink): the command's
 * thread waits on {@link #awaitStop}, and Ctrl-C, or interrupting that thread (the in-process way of
 * pressing it), ends the wait; the command then closes its service and {@link #close()}s this.
 *
 * <p>On Ctrl-C the JVM runs the hook while the command is still closing its service; the hook waits up
 * to the grace period for that close, so that Kafka clients commit and leave their groups before the
 * JVM exits.
 */
public final class UntilStopped implements AutoCloseable {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private UntilStopped(String name, Duration grace) {
        hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
    }

    /** Watches for Ctrl-C from now on; {@code grace} is how long Ctrl-C waits for the service to close. */
    public static UntilStopped onCtrlC(String name, Duration grace) {
        UntilStopped until = new UntilStopped(name, grace);
        Runtime.getRuntime().addShutdownHook(until.hook);
        return until;
    }

    /**
     * Waits up to {@code interval}; true once Ctrl-C was pressed.
     *
     * @throws InterruptedException when the command's thread is interrupted, which stops it like Ctrl-C
     */
    public boolean awaitStop(Duration interval) throws InterruptedException {
        return stop.await(interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until Ctrl-C or an interrupt. */
    public void awaitStop() throws InterruptedException {
        stop.await();
    }

    /** Says the service has closed, so Ctrl-C's wait ends, and stops watching. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The JVM is exiting and the hook is running or has run; nothing left to undo.
        }
    }
}
