package dev.firstpass.broker;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running inside this JVM on 127.0.0.1.
 *
 * <p>{@link #start(BrokerSettings)} returns once the broker answers requests. {@link #stop()} and
 * {@link #restart()} keep the data directory and both ports, so clients created before a restart
 * reconnect to the same bootstrap address and find their topics and records again.
 * {@link #close()} stops the broker and deletes an ephemeral data directory.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final BrokerSettings settings;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(BrokerSettings settings, int port, int controllerPort) {
        this.settings = settings;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Validates {@code settings}, formats the data directory if it is new, starts the broker and waits
     * until it answers.
     *
     * @throws IllegalArgumentException if a setting is invalid; the message names each bad value
     * @throws BrokerStartException     if a port is taken, the directory cannot be used, or the broker
     *                                  does not answer within the startup timeout
     */
    public static EmbeddedKafkaBroker start(BrokerSettings settings) {
        settings.validate();
        int port = settings.port() == 0 ? LoopbackPorts.anyFree() : settings.port();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings, port, LoopbackPorts.anyFreeExcept(port));
        try {
            broker.startServer();
        } catch (RuntimeException e) {
            broker.deleteIfEphemeral();
            throw e;
        }
        return broker;
    }

    /** The address clients connect to, {@code 127.0.0.1:<port>}; the same before and after a restart. */
    public String bootstrapServers() {
        return ServerProperties.HOST + ":" + port;
    }

    /** The client port, the one chosen at start when the settings asked for any free port. */
    public int port() {
        return port;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path dataDir() {
        return settings.dataDir();
    }

    /** Whether the broker is serving (started and neither stopped nor closed). */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Creates the topics that do not exist yet with replication factor 1 and waits until each partition
     * has a leader; topics that exist already are left as they are.
     */
    public void createTopics(Map<String, Integer> partitionsByName) {
        try (Admin admin = admin()) {
            TopicCreation.create(admin, partitionsByName, Map.of());
        }
    }

    /** Like {@link #createTopics(Map)} with {@code cleanup.policy=compact}: latest value per key is kept. */
    public void createCompactedTopics(Map<String, Integer> partitionsByName) {
        try (Admin admin = admin()) {
            TopicCreation.create(admin, partitionsByName,
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
    }

    /** Shuts the broker down and waits for it; the data directory and ports stay reserved for a restart. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer running = server;
        server = null;
        running.shutdown();
        running.awaitShutdown();
    }

    /** Stops the broker if it runs and starts it again on the same data directory and ports. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("broker at " + bootstrapServers() + " is closed and cannot restart");
        }
        stop();
        startServer();
    }

    /** Stops the broker and deletes its data directory if the settings made it ephemeral. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteIfEphemeral();
        }
    }

    private synchronized void startServer() {
        LoopbackPorts.requireFree(port, "client");
        LoopbackPorts.requireFree(controllerPort, "controller");
        DataDirectory.prepare(settings.dataDir());
        KafkaRaftServer starting;
        try {
            starting = new KafkaRaftServer(KafkaConfig.fromProps(
                    ServerProperties.of(settings, settings.dataDir(), port, controllerPort), false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new BrokerStartException("invalid broker configuration: " + e.getMessage(), e);
        }
        try {
            starting.startup();
            awaitAnswer();
        } catch (RuntimeException e) {
            shutdownQuietly(starting);
            throw e instanceof BrokerStartException ? e : new BrokerStartException(
                    "Kafka broker on " + bootstrapServers() + " with data in " + settings.dataDir()
                            + " failed to start: " + e.getMessage(), e);
        }
        server = starting;
    }

    /** KafkaRaftServer.startup returns once the broker is unfenced; this proves clients get answers too. */
    private void awaitAnswer() {
        long timeoutMs = settings.startupTimeout().toMillis();
        try (Admin admin = admin()) {
            DescribeClusterOptions options = new DescribeClusterOptions()
                    .timeoutMs((int) Math.min(timeoutMs, Integer.MAX_VALUE));
            Collection<Node> nodes = admin.describeCluster(options).nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            if (nodes.stream().map(Node::id).noneMatch(id -> id == ServerProperties.NODE_ID)) {
                throw new BrokerStartException("Kafka broker on " + bootstrapServers()
                        + " answered without itself in the cluster: " + nodes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted while waiting for the broker on " + bootstrapServers(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerStartException("Kafka broker on " + bootstrapServers() + " did not answer within "
                    + timeoutMs + " ms: " + e, e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "firstpass-embedded-broker"));
    }

    private static void shutdownQuietly(KafkaRaftServer failed) {
        try {
            failed.shutdown();
            failed.awaitShutdown();
        } catch (RuntimeException ignored) {
            // The start failure is the error worth reporting; a second one from shutdown would hide it.
        }
    }

    private void deleteIfEphemeral() {
        if (settings.deleteOnClose()) {
            DataDirectory.delete(settings.dataDir());
        }
    }
}
