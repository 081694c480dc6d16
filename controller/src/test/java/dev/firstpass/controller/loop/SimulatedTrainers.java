package dev.firstpass.controller.loop;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.WireMessage;
import dev.firstpass.core.protocol.signing.CommandVerifier;
import dev.firstpass.core.protocol.signing.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A population of simulated trainers that behave as real ones do on the wire: each run announces itself
 * controllable, reports one epoch event per epoch, and between epochs applies the commands addressed to
 * it: a periodic schedule (replacing the previous one), a kick at the next boundary, or a stop. It adopts
 * a command's arm, applies a command id only once, refuses what it cannot carry out, and acknowledges
 * every kick with the exact epoch after which it acted. Given a verifier, they take signed commands only
 * and count every other one as a refusal.
 *
 * <p>All runs advance together, one epoch per step; between steps the trainers listen for commands for a
 * fixed window, which is what paces the simulation.
 */
public final class SimulatedTrainers implements AutoCloseable {

    /** When a run starts (in steps) and how long it trains. */
    public record RunSpec(String runId, int startStep, int maxEpochs) {
    }

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration MAX_EPOCH_WAIT = Duration.ofSeconds(5);

    private final String experiment;
    private final TickClock clock;
    private final CommandVerifier verifier;
    private final long seed;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> commands;
    private final Map<String, RunSpec> specs = new LinkedHashMap<>();
    private final Map<String, SimulatedRun> runs = new LinkedHashMap<>();
    private final List<String> refusals = new ArrayList<>();
    private BiConsumer<String, Command> onAccepted = (runId, command) -> { };
    private int duplicatesIgnored;
    private int commandsAccepted;
    private long epochEventsSent;
    private int step;

    /**
     * Trainers for {@code population}, none started yet; they listen to the commands published from now
     * on, as commands for runs that have not started cannot exist.
     *
     * @param verifier authenticates every command read, or null to take them unchecked
     */
    public SimulatedTrainers(String bootstrapServers, String experiment, List<RunSpec> population, long seed,
            TickClock clock, CommandVerifier verifier) {
        this.experiment = experiment;
        this.clock = clock;
        this.verifier = verifier;
        this.seed = seed;
        population.forEach(spec -> specs.put(spec.runId(), spec));
        // As the real trainer's sink: a broker that goes away and returns gets every record once, in order.
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "linger.ms", "0",
                "enable.idempotence", "true", "acks", "all", "retries", Integer.toString(Integer.MAX_VALUE),
                "delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE), "max.block.ms", "120000"),
                new StringSerializer(), new StringSerializer());
        this.commands = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers), new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = commands.partitionsFor(Topics.COMMANDS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        commands.assign(partitions);
        commands.seekToEnd(partitions);
        // Resolves the end offsets now rather than at the first poll, after the runs have started.
        partitions.forEach(commands::position);
    }

    /**
     * Runs step after step until every run finished or {@code stop} says so after a step.
     *
     * @param listen how long the trainers listen for commands after each step, at least
     * @param caughtUp whether what the trainers published so far has been taken in downstream; the next
     *     epoch waits for it (up to a few seconds), as a real epoch lasts far longer than the loop's latency
     */
    public void run(Duration listen, BooleanSupplier caughtUp, IntPredicate stop) {
        while (!allFinished()) {
            advance();
            listen(listen, caughtUp);
            if (stop.test(step)) {
                return;
            }
        }
    }

    /**
     * Tells {@code observer} of each command a run takes on (run id and command), as the run takes it on,
     * just before it applies it and publishes any ack; the loop latency benchmark times commands with it.
     */
    public void onAccepted(BiConsumer<String, Command> observer) {
        this.onAccepted = observer;
    }

    public int step() {
        return step;
    }

    /** Epoch events handed to the producer so far; each is delivered before the next step begins. */
    public long epochEventsSent() {
        return epochEventsSent;
    }

    /** Commands taken on by a run (each command id once per run), neither refused nor duplicates. */
    public int commandsAccepted() {
        return commandsAccepted;
    }

    /** Each run's kicks so far: the epochs after which it was kicked. */
    public Map<String, List<Integer>> kicks() {
        Map<String, List<Integer>> kicks = new LinkedHashMap<>();
        runs.forEach((id, run) -> kicks.put(id, List.copyOf(run.kicks)));
        return kicks;
    }

    /** The arm each run reports now (null: never told). */
    public Map<String, String> arms() {
        Map<String, String> arms = new HashMap<>();
        runs.forEach((id, run) -> arms.put(id, run.arm));
        return arms;
    }

    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    public int duplicatesIgnored() {
        return duplicatesIgnored;
    }

    private boolean allFinished() {
        return runs.size() == specs.size() && runs.values().stream().allMatch(run -> run.finished);
    }

    private void advance() {
        step++;
        clock.advance(Duration.ofSeconds(1));
        for (RunSpec spec : specs.values()) {
            if (spec.startStep() == step) {
                SimulatedRun run = new SimulatedRun(spec, new PlateauProcess.Run(seed * 1_000_003L + runs.size()));
                runs.put(spec.runId(), run);
                send(Topics.RUN_LIFECYCLE, spec.runId(), new RunStarted(experiment, spec.runId(), null,
                        clock.instant(), seed, spec.maxEpochs(), true, Map.of()));
            }
        }
        for (SimulatedRun run : runs.values()) {
            if (!run.finished) {
                run.train();
            }
        }
        producer.flush();
    }

    private void listen(Duration window, BooleanSupplier caughtUp) {
        long start = System.nanoTime();
        long giveUp = start + MAX_EPOCH_WAIT.toNanos();
        boolean done = false;
        while (!done) {
            for (ConsumerRecord<String, String> record : commands.poll(POLL)) {
                receive(record);
            }
            long now = System.nanoTime();
            done = now > giveUp || (now - start >= window.toNanos() && caughtUp.getAsBoolean());
        }
        producer.flush();
    }

    private void receive(ConsumerRecord<String, String> record) {
        if (verifier != null) {
            Verification verdict = verifier.verify(headers(record), record.value().getBytes(StandardCharsets.UTF_8));
            if (!verdict.accepted()) {
                refusals.add(record.key() + ": command authentication failed: " + verdict.reason());
                return;
            }
        }
        Command command;
        try {
            command = ProtocolJson.parseCommand(record.value());
        } catch (InvalidRecordException e) {
            refusals.add(record.key() + ": unreadable command: " + e.getMessage());
            return;
        }
        SimulatedRun run = runs.get(record.key());
        if (!command.experiment().equals(experiment) || run == null) {
            // Not for this population: no trainer of it listens for that run.
            return;
        }
        run.receive(command, headers(record));
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private void send(String topic, String key, WireMessage message) {
        producer.send(new ProducerRecord<>(topic, key, ProtocolJson.write(message)));
    }

    @Override
    public void close() {
        commands.close();
        producer.close();
    }

    /** One trainer: its run's process, epoch, arm, schedule and the command ids it has seen. */
    private final class SimulatedRun {
        private final RunSpec spec;
        private final PlateauProcess.Run process;
        private final Set<String> seen = new HashSet<>();
        private final List<Integer> kicks = new ArrayList<>();
        private int epoch;
        private String arm;
        private Command periodic;
        private boolean finished;

        SimulatedRun(RunSpec spec, PlateauProcess.Run process) {
            this.spec = spec;
            this.process = process;
        }

        void train() {
            epoch++;
            double value = process.evaluate(epoch);
            send(Topics.EPOCH_EVENTS, spec.runId(), new EpochEvent(experiment, spec.runId(), arm, epoch, 0,
                    clock.instant(), Map.of("test_acc", value), kicks.size(), Map.of()));
            epochEventsSent++;
            if (epoch == spec.maxEpochs()) {
                finished = true;
                send(Topics.RUN_LIFECYCLE, spec.runId(), new RunFinished(experiment, spec.runId(), clock.instant(),
                        RunFinished.Reason.COMPLETED, epoch));
                return;
            }
            if (periodic != null && fires((Schedule.Periodic) periodic.schedule())) {
                kick(periodic);
            }
        }

        void receive(Command command, Map<String, String> headers) {
            if (!seen.add(command.commandId())) {
                duplicatesIgnored++;
                return;
            }
            List<String> problems = CloudEventHeaders.violations(headers, command);
            if (!problems.isEmpty()) {
                refuse(command, "invalid CloudEvents headers: " + String.join("; ", problems));
                return;
            }
            if (finished) {
                refuse(command, "the run finished after epoch " + epoch);
                return;
            }
            commandsAccepted++;
            onAccepted.accept(spec.runId(), command);
            if (command.arm() != null) {
                arm = command.arm();
            }
            // The trainer sits at the boundary after its current epoch: a kick due now acts now.
            Schedule schedule = command.schedule();
            if (schedule instanceof Schedule.Periodic every) {
                periodic = command;
                if (epoch >= 1 && fires(every)) {
                    kick(command);
                }
            } else if (schedule instanceof Schedule.Stop) {
                periodic = null;
                send(Topics.ACKS, spec.runId(), Ack.applied(command, Math.max(epoch, 1), clock.instant()));
            } else if (epoch >= 1) {
                kick(command);
            } else {
                refuse(command, "no epoch trained yet");
            }
        }

        private boolean fires(Schedule.Periodic schedule) {
            return epoch >= schedule.fromEpoch() && (epoch - schedule.fromEpoch()) % schedule.every() == 0
                    && (kicks.isEmpty() || kicks.get(kicks.size() - 1) != epoch);
        }

        private void kick(Command command) {
            process.kick(epoch);
            kicks.add(epoch);
            send(Topics.ACKS, spec.runId(), Ack.applied(command, epoch, clock.instant()));
        }

        private void refuse(Command command, String reason) {
            refusals.add(spec.runId() + ": " + reason);
            send(Topics.ACKS, spec.runId(), Ack.refused(command, reason, clock.instant()));
        }
    }
}
