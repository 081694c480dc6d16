package dev.firstpass.sink;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the FirstPass topics into InfluxDB: epochs, interventions, decisions, plateau changes and
 * first-passage statistics, as the points listed in {@link Measurements}.
 *
 * <p>{@link #start(SinkConfig)} returns at once; the sink runs on its own thread, as a plain Kafka
 * consumer group, until {@link #close()}. A slow or unreachable InfluxDB never blocks the caller or any
 * other part of FirstPass: the sink falls behind, logs, counts, backs off and catches up from its
 * committed offsets (see {@link SinkLoop}). {@link #counters()} tells how it is doing.
 */
public final class InfluxSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);
    private static final Duration COMMAND_HISTORY_TIMEOUT = Duration.ofSeconds(30);

    private final Counters counters = new Counters();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final SinkConfig config;
    private final Thread thread;
    private volatile boolean closing;
    private volatile Consumer<byte[], byte[]> consumer;

    private InfluxSink(SinkConfig config, Clock clock, PointWriter writer,
            Supplier<Consumer<byte[], byte[]>> consumers, boolean readCommandHistory) {
        this.config = config;
        this.thread = new Thread(() -> run(clock, writer, consumers, readCommandHistory), "firstpass-sink");
    }

    /**
     * Starts a sink with {@code config}, on the system clock.
     *
     * @throws SinkConfigException when the configuration is not usable
     */
    public static InfluxSink start(SinkConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(SinkConfig)}, with the clock that times batches, retries and waiting acks. */
    public static InfluxSink start(SinkConfig config, Clock clock) {
        config.validate();
        return start(config, clock, InfluxPointWriter.connect(config),
                () -> new KafkaConsumer<>(config.consumerProperties()), true);
    }

    static InfluxSink start(SinkConfig config, Clock clock, PointWriter writer,
            Supplier<Consumer<byte[], byte[]>> consumers, boolean readCommandHistory) {
        config.validate();
        InfluxSink sink = new InfluxSink(config, clock, writer, consumers, readCommandHistory);
        sink.thread.start();
        return sink;
    }

    /** What the sink has read, written, refused and retried so far. */
    public SinkCounters counters() {
        return counters.snapshot();
    }

    /** Whether the sink's thread is still running. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Stops the sink: the last batch is written if the server answers, offsets of written points are
     * committed, and the rest is read again at the next start.
     */
    @Override
    public void close() {
        closing = true;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            // Long enough for a final write that runs into its timeout, and the consumer's own close.
            long waitMs = config.writeTimeout().multipliedBy(2).plusSeconds(30).toMillis();
            if (!stopped.await(waitMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("the sink thread did not stop within {} ms", waitMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Clock clock, PointWriter writer, Supplier<Consumer<byte[], byte[]>> consumers,
            boolean readCommandHistory) {
        CommandIndex commands = new CommandIndex(CommandIndex.DEFAULT_CAPACITY);
        try (writer) {
            if (readCommandHistory && !config.commandsLookback().isZero()) {
                int read = CommandHistory.read(config.consumerProperties(), config.topics().commands(),
                        clock.instant().minus(config.commandsLookback()), COMMAND_HISTORY_TIMEOUT, commands);
                LOG.info("read {} recent commands of {}", read, config.topics().commands());
            }
            try (Consumer<byte[], byte[]> created = consumers.get()) {
                consumer = created;
                SinkLoop loop = new SinkLoop(created, writer, config, clock, commands, counters);
                loop.subscribe();
                runUntilClosed(loop);
            }
        } catch (RuntimeException e) {
            LOG.error("the sink stopped: {}", e.toString(), e);
            counters.failed("the sink stopped: " + e);
        } finally {
            stopped.countDown();
        }
    }

    private void runUntilClosed(SinkLoop loop) {
        Backoff afterErrors = new Backoff(config.backoffInitial(), config.backoffMax());
        while (!closing) {
            try {
                loop.runOnce();
                afterErrors.reset();
            } catch (WakeupException | InterruptException e) {
                if (!closing) {
                    LOG.warn("the sink was woken up or interrupted without being closed; stopping");
                }
                break;
            } catch (RuntimeException e) {
                // Whatever goes wrong in one turn (Kafka unreachable, a bug), the sink keeps going.
                counters.failed(e.toString());
                Duration wait = afterErrors.next();
                LOG.warn("sink turn failed, next turn in {} ms: {}", wait.toMillis(), e.toString(), e);
                if (!pause(wait)) {
                    break;
                }
            }
        }
        // A wakeup sent while no poll was running surfaces in the first call after it; the second try is clean.
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                loop.finish();
                return;
            } catch (WakeupException e) {
                LOG.debug("wakeup during the final commit, trying once more");
            } catch (RuntimeException e) {
                LOG.warn("stopping without the last write or commit; those records are read again at the next"
                        + " start: {}", e.toString());
                return;
            }
        }
    }

    private boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return !closing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
