package dev.firstpass.cli.broker;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.BrokerStartException;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.LogDestination;
import dev.firstpass.cli.UntilStopped;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code firstpass broker}: runs a single-node Kafka with the FirstPass topics until Ctrl-C.
 *
 * <p>The data stays in the data dir, so a second run finds the topics and records of the first.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker with the FirstPass topics until Ctrl-C.")
public class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "${env:FIRSTPASS_BROKER_PORT:-9092}",
            description = "Client port on 127.0.0.1; 0 picks any free port (env FIRSTPASS_BROKER_PORT, "
                    + "default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir",
            defaultValue = "${env:FIRSTPASS_BROKER_DATA_DIR:-${sys:java.io.tmpdir}/firstpass-broker}",
            description = "Where the broker keeps its data across runs (env FIRSTPASS_BROKER_DATA_DIR, "
                    + "default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "3",
            description = "Partitions of each FirstPass topic and of auto-created topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LogDestination.consoleWarningsOnly();
        BrokerSettings settings = BrokerSettings.persistentAt(dataDir, port).withDefaultPartitions(partitions);
        try {
            settings.validate();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(settings);
        } catch (BrokerStartException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        return serveUntilInterrupted(broker);
    }

    private int serveUntilInterrupted(EmbeddedKafkaBroker broker) {
        PrintWriter out = spec.commandLine().getOut();
        boolean interrupted = false;
        try (UntilStopped until = UntilStopped.onCtrlC("firstpass-broker", Duration.ofSeconds(30))) {
            try {
                FirstPassTopics.create(broker, partitions);
                out.printf("Kafka broker ready at %s (data in %s); Ctrl-C stops it%n", broker.bootstrapServers(),
                        dataDir);
                out.flush();
                until.awaitStop();
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                // Closed before the interrupt flag is restored: the broker's shutdown waits on latches of its own.
                broker.close();
            }
        }
        out.println("Kafka broker stopped");
        out.flush();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
