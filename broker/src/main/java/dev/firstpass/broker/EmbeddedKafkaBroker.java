package dev.firstpass.broker;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
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
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running inside this JVM on 127.0.0.1.
 *
 * <p>{@link #start(BrokerSettings)} returns once the broker answers requests. {@link #stop()} and
 * {@link #restart()} keep the data directory and both ports, so clients created before a restart
 * reconnect to the same bootstrap address and find their topics and records again.
 * {@link #close()} stops the broker and deletes an ephemeral data directory.
 *
 * <p>A broker whose settings have SCRAM users is secured ({@link BrokerSettings#withScramUser}): clients
 * authenticate with SASL/SCRAM on {@link #bootstrapServers()} and may do what {@link #allow} granted.
 * The broker's own helpers ({@link #createTopics}, {@link #allow}) act as the broker's super user over an
 * internal listener whose password lives only in this object.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Duration ACL_TIMEOUT = Duration.ofSeconds(30);

    private final BrokerSettings settings;
    private final int port;
    private final int controllerPort;
    private final int internalPort;
    private final String brokerPassword;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(BrokerSettings settings, int port, int controllerPort, int internalPort) {
        this.settings = settings;
        this.port = port;
        this.controllerPort = controllerPort;
        this.internalPort = internalPort;
        this.brokerPassword = randomPassword();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
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
        int controllerPort = LoopbackPorts.anyFreeExcept(port);
        int internalPort = settings.secured() ? LoopbackPorts.anyFreeExcept(port, controllerPort) : 0;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings, port, controllerPort, internalPort);
        try {
            broker.startServer();
        } catch (RuntimeException e) {
            broker.deleteIfEphemeral();
            throw e;
        }
        return broker;
    }

    /**
     * The address clients connect to, {@code 127.0.0.1:<port>}; the same before and after a restart. On a
     * secured broker clients must authenticate there with SCRAM-SHA-256 or SCRAM-SHA-512, over SASL_PLAINTEXT,
     * or SASL_SSL when the settings have a TLS keystore.
     */
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
        createTopics(partitionsByName, Map.of());
    }

    /** Like {@link #createTopics(Map)} with {@code cleanup.policy=compact}: latest value per key is kept. */
    public void createCompactedTopics(Map<String, Integer> partitionsByName) {
        createTopics(partitionsByName, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /** Like {@link #createTopics(Map)}, each new topic with the topic configuration {@code topicConfig}. */
    public void createTopics(Map<String, Integer> partitionsByName, Map<String, String> topicConfig) {
        try (Admin admin = admin()) {
            TopicCreation.create(admin, partitionsByName, topicConfig);
        }
    }

    /**
     * Grants {@code principal} (e.g. "User:trainer") the {@code operations} on {@code resource} from any host,
     * and returns once the broker enforces them.
     *
     * @throws IllegalStateException if the broker is not secured, or Kafka refuses or does not confirm the ACLs
     */
    public void allow(String principal, ResourcePattern resource, AclOperation... operations) {
        List<AclBinding> bindings = new ArrayList<>();
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(resource,
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
        createAcls(bindings);
    }

    /**
     * Creates {@code bindings} and returns once the broker enforces them: ACLs reach the broker's
     * authorizer through the metadata a moment after the controller accepted them.
     *
     * @throws IllegalStateException if the broker is not secured, or Kafka refuses or does not confirm the ACLs
     */
    public void createAcls(Collection<AclBinding> bindings) {
        if (!settings.secured()) {
            throw new IllegalStateException("ACLs need a secured broker (BrokerSettings.withScramUser); the broker at "
                    + bootstrapServers() + " runs without authentication");
        }
        try (Admin admin = admin()) {
            admin.createAcls(bindings).all().get(ACL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + ACL_TIMEOUT.toNanos();
            for (AclBinding binding : bindings) {
                while (!admin.describeAcls(binding.toFilter()).values()
                        .get(ACL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(binding)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the broker does not enforce the ACL after "
                                + ACL_TIMEOUT.toSeconds() + " s: " + binding);
                    }
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs " + bindings, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create ACLs " + bindings + ": " + e.getMessage(), e);
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
        if (settings.secured()) {
            LoopbackPorts.requireFree(internalPort, "internal");
        }
        DataDirectory.prepare(settings.dataDir(), settings.scramUsers());
        KafkaRaftServer starting;
        try {
            starting = new KafkaRaftServer(KafkaConfig.fromProps(ServerProperties.of(settings, settings.dataDir(), port,
                    controllerPort, internalPort, brokerPassword), false), Time.SYSTEM);
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
        Map<String, Object> config = new HashMap<>();
        if (settings.secured()) {
            config.putAll(ServerProperties.brokerAdmin(internalPort, brokerPassword));
        } else {
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        }
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "firstpass-embedded-broker");
        return Admin.create(config);
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
