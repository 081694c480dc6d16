package dev.firstpass.core.property;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Checks a property over generated inputs, each try within a CPU-time bound; a failure names the try,
 * the seed that replays it and the input, shrunk when it is text or bytes.
 *
 * <p>The seed is random unless the system property {@value #SEED_PROPERTY} fixes it, so every run
 * explores new inputs and any failure can be replayed exactly:
 * {@code mvn -B -o -pl core -am test -Dtest=... -Dfirstpass.property.seed=N}.
 *
 * <pre>{@code
 * PropertyCheck.forAll(Gen.bytes(0, 100)).tries(1_000).eachWithin(Duration.ofSeconds(1))
 *         .check(bytes -> ...assertions...);
 * }</pre>
 *
 * @param <T> the input
 */
public final class PropertyCheck<T> {

    /** The system property that fixes the seed. */
    public static final String SEED_PROPERTY = "firstpass.property.seed";

    private static final Duration DEFAULT_BOUND = Duration.ofSeconds(5);
    /** A try blocked without using CPU fails after this many times its bound in wall-clock time. */
    private static final int WALL_CEILING_FACTOR = 10;
    private static final Duration POLL = Duration.ofMillis(20);
    private static final int SHRINK_STEPS = 300;
    private static final Duration SHRINK_BUDGET = Duration.ofSeconds(5);
    private static final int SHOWN_CHARS = 500;

    private final Gen<T> gen;
    private int tries = 100;
    private Duration bound = DEFAULT_BOUND;
    private ExecutorService worker;

    private PropertyCheck(Gen<T> gen) {
        this.gen = gen;
    }

    /** A property of every input {@code gen} makes. */
    public static <T> PropertyCheck<T> forAll(Gen<T> gen) {
        return new PropertyCheck<>(gen);
    }

    /** How many inputs to try; 100 unless set. */
    public PropertyCheck<T> tries(int tries) {
        this.tries = tries;
        return this;
    }

    /** The most CPU time one try may use; a try that uses more fails the property. 5 s unless set. */
    public PropertyCheck<T> eachWithin(Duration bound) {
        this.bound = bound;
        return this;
    }

    /** The property: returns normally for an input that has it, throws (an assertion) for one that has not. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    /**
     * Runs the tries in order.
     *
     * @throws AssertionError for the first input without the property
     */
    public void check(Property<T> property) {
        long seed = seed();
        worker = newWorker();
        try {
            for (int i = 0; i < tries; i++) {
                T input = gen.next(new Random(seed + i));
                Throwable failure = run(property, input);
                if (failure instanceof TimeoutException) {
                    throw new AssertionError("try " + (i + 1) + " of " + tries + " used more than " + bound
                            + " of CPU time, or was blocked for " + WALL_CEILING_FACTOR + " times that"
                            + " (seed " + seed + "; -D" + SEED_PROPERTY + "=" + seed + " replays it); input: "
                            + show(input));
                }
                if (failure != null) {
                    T shrunk = shrink(property, input);
                    String from = shrunk == input ? "" : " (shrunk from " + size(input) + " to " + size(shrunk) + ")";
                    Throwable cause = shrunk == input ? failure : run(property, shrunk);
                    throw new AssertionError("try " + (i + 1) + " of " + tries + " failed (seed " + seed + "; -D"
                            + SEED_PROPERTY + "=" + seed + " replays it); input" + from + ": " + show(shrunk) + "\n"
                            + cause, cause);
                }
            }
        } finally {
            worker.shutdownNow();
        }
    }

    /**
     * Runs one try on the worker. The bound is on the try's CPU time, which other processes on a busy
     * machine do not stretch as they stretch the wall clock; a try that stops using CPU (blocked for
     * good) is caught by a wall-clock ceiling many times the bound.
     */
    private Throwable run(Property<T> property, T input) {
        TryClock clock = new TryClock();
        Future<?> future = worker.submit(() -> {
            clock.started();
            property.check(input);
            return null;
        });
        long wallDeadline = System.nanoTime() + bound.toNanos() * WALL_CEILING_FACTOR;
        try {
            while (true) {
                try {
                    future.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    return null;
                } catch (TimeoutException stillRunning) {
                    if (clock.cpuNanos() > bound.toNanos() || System.nanoTime() > wallDeadline) {
                        // A stuck thread cannot be stopped: leave it behind, a daemon, and go on with a fresh one.
                        future.cancel(true);
                        worker.shutdownNow();
                        worker = newWorker();
                        return stillRunning;
                    }
                }
            }
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** The CPU time of one try, read from the thread that runs it. */
    private static final class TryClock {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private volatile long threadId = -1;
        private volatile long startCpu;

        void started() {
            startCpu = THREADS.getCurrentThreadCpuTime();
            threadId = Thread.currentThread().getId();
        }

        /** CPU time the try has used so far; 0 before it starts. */
        long cpuNanos() {
            long id = threadId;
            if (id < 0) {
                return 0;
            }
            long now = THREADS.getThreadCpuTime(id);
            return now < 0 ? 0 : now - startCpu;
        }
    }

    // Drops ever smaller chunks of a failing text or byte array while it still fails, within a budget;
    // other inputs are reported as generated.
    @SuppressWarnings("unchecked")
    private T shrink(Property<T> property, T input) {
        if (input instanceof String text) {
            return (T) shrinkChunks(text, String::length, (t, from, to) -> t.substring(0, from) + t.substring(to),
                    candidate -> failsQuickly(property, (T) candidate));
        }
        if (input instanceof byte[] bytes) {
            return (T) shrinkChunks(bytes, b -> b.length, (b, from, to) -> {
                byte[] out = Arrays.copyOf(b, b.length - (to - from));
                System.arraycopy(b, to, out, from, b.length - to);
                return out;
            }, candidate -> failsQuickly(property, (T) candidate));
        }
        return input;
    }

    private interface Cut<S> {
        S without(S value, int from, int to);
    }

    private static <S> S shrinkChunks(S failing, ToIntFunction<S> length, Cut<S> cut,
            Predicate<S> fails) {
        long deadline = System.nanoTime() + SHRINK_BUDGET.toNanos();
        int steps = 0;
        S current = failing;
        for (int chunk = length.applyAsInt(current) / 2; chunk >= 1; chunk /= 2) {
            int from = 0;
            while (from + chunk <= length.applyAsInt(current)) {
                if (++steps > SHRINK_STEPS || System.nanoTime() > deadline) {
                    return current;
                }
                S candidate = cut.without(current, from, from + chunk);
                if (fails.test(candidate)) {
                    current = candidate;
                } else {
                    from += chunk;
                }
            }
        }
        return current;
    }

    private boolean failsQuickly(Property<T> property, T candidate) {
        Throwable failure = run(property, candidate);
        return failure != null && !(failure instanceof TimeoutException);
    }

    private static String size(Object input) {
        if (input instanceof String text) {
            return text.length() + " chars";
        }
        if (input instanceof byte[] bytes) {
            return bytes.length + " bytes";
        }
        return "?";
    }

    private static String show(Object input) {
        String shown = input instanceof byte[] bytes
                ? "bytes " + Arrays.toString(bytes.length > 200 ? Arrays.copyOf(bytes, 200) : bytes)
                        + " as UTF-8 " + quote(new String(bytes, StandardCharsets.UTF_8))
                : input instanceof String text ? quote(text)
                : input instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(input);
        return shown.length() <= SHOWN_CHARS ? shown : shown.substring(0, SHOWN_CHARS) + "... ("
                + shown.length() + " chars)";
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().limit(SHOWN_CHARS).forEach(c -> {
            if (c < 32 || c == 127 || (c >= 0xD800 && c <= 0xDFFF)) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }

    private static long seed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        return fixed == null || fixed.isBlank() ? new Random().nextLong() : Long.parseLong(fixed.trim());
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "property-check");
            thread.setDaemon(true);
            return thread;
        });
    }

}
