package dev.firstpass.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What an {@link EmbeddedKafkaBroker} is started with: where it keeps its data, which port it listens on,
 * and the few broker defaults FirstPass cares about.
 *
 * <p>Start from {@link #ephemeral()} or {@link #persistentAt(Path, int)} and refine with the {@code with*}
 * methods. Stated defaults: one partition per auto-created topic ({@code num.partitions=1}), topics
 * auto-created on first use (as Kafka does), 30 s for the broker to answer after start, no extra broker
 * properties, plaintext without authentication. {@link #validate()} reports every problem at once.
 *
 * <p>{@link #withScramUser(String, String)} makes the broker secured: clients must authenticate with
 * SASL/SCRAM (SHA-256 or SHA-512) on the client port, and the {@code StandardAuthorizer} lets them do only
 * what ACLs allow ({@link EmbeddedKafkaBroker#allow}). The users' credentials are written into the
 * metadata when the data directory is formatted, on its first start; a persistent directory keeps them,
 * and the users of later settings do not change them. {@link #withTlsKeystore(Path, String)} adds TLS to a
 * secured broker's client port, where clients then connect with SASL_SSL.
 *
 * @param dataDir           the log and metadata directory; formatted on first start, reused after that
 * @param deleteOnClose     whether the data directory is deleted when the broker is closed (ephemeral)
 * @param port              the client port on 127.0.0.1; 0 picks any free port once, kept across restarts
 * @param defaultPartitions {@code num.partitions}: partitions of a topic that is created implicitly
 * @param autoCreateTopics  {@code auto.create.topics.enable}
 * @param startupTimeout    how long a start waits for the broker to answer requests
 * @param brokerProperties  further broker properties, applied last; listener, node and directory
 *                          properties belong to the embedded broker and are rejected, and so are the
 *                          authentication and authorizer properties of a secured broker
 * @param scramUsers        the SCRAM users of a secured broker; none means a plaintext broker without
 *                          authentication or ACLs
 * @param tlsKeystore       the certificate and key of a secured broker's TLS client port, or null for
 *                          SASL without TLS
 */
public record BrokerSettings(
        Path dataDir,
        boolean deleteOnClose,
        int port,
        int defaultPartitions,
        boolean autoCreateTopics,
        Duration startupTimeout,
        Map<String, String> brokerProperties,
        List<ScramUser> scramUsers,
        Keystore tlsKeystore) {

    private static final int MAX_PORT = 65_535;

    /**
     * A keystore file (PKCS12 or JKS) with the broker's certificate and private key, both under one password.
     *
     * @param location the file
     * @param password the store's and the key's password; never part of {@link #toString()}
     */
    public record Keystore(Path location, String password) {

        public Keystore {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Keystore[location=" + location + ", password=[hidden]]";
        }
    }

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        brokerProperties = Map.copyOf(brokerProperties);
        scramUsers = List.copyOf(scramUsers);
    }

    /** A broker on any free port whose data lives in a fresh temporary directory, deleted on close. */
    public static BrokerSettings ephemeral() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "firstpass-broker-" + UUID.randomUUID());
        return new BrokerSettings(dir, true, 0, 1, true, Duration.ofSeconds(30), Map.of(), List.of(), null);
    }

    /**
     * A broker whose data stays in {@code dataDir} after close, so a later start finds its topics and
     * records again; {@code port} 0 means any free port.
     */
    public static BrokerSettings persistentAt(Path dataDir, int port) {
        return new BrokerSettings(dataDir, false, port, 1, true, Duration.ofSeconds(30), Map.of(), List.of(), null);
    }

    /** The same settings on another client port; 0 means any free port. */
    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(dataDir, deleteOnClose, newPort, defaultPartitions, autoCreateTopics,
                startupTimeout, brokerProperties, scramUsers, tlsKeystore);
    }

    /** The same settings with {@code num.partitions} set to {@code partitions}. */
    public BrokerSettings withDefaultPartitions(int partitions) {
        return new BrokerSettings(dataDir, deleteOnClose, port, partitions, autoCreateTopics,
                startupTimeout, brokerProperties, scramUsers, tlsKeystore);
    }

    /** The same settings with automatic topic creation switched on or off. */
    public BrokerSettings withAutoCreateTopics(boolean enabled) {
        return new BrokerSettings(dataDir, deleteOnClose, port, defaultPartitions, enabled,
                startupTimeout, brokerProperties, scramUsers, tlsKeystore);
    }

    /** The same settings with a different wait for the broker to answer after start. */
    public BrokerSettings withStartupTimeout(Duration timeout) {
        return new BrokerSettings(dataDir, deleteOnClose, port, defaultPartitions, autoCreateTopics,
                timeout, brokerProperties, scramUsers, tlsKeystore);
    }

    /** The same settings plus one broker property, which overrides an earlier value for the same key. */
    public BrokerSettings withBrokerProperty(String key, String value) {
        Map<String, String> merged = new LinkedHashMap<>(brokerProperties);
        merged.put(key, value);
        return new BrokerSettings(dataDir, deleteOnClose, port, defaultPartitions, autoCreateTopics,
                startupTimeout, merged, scramUsers, tlsKeystore);
    }

    /**
     * The same settings plus a SCRAM user, which makes the broker secured (see the class comment); the
     * user's principal is {@code User:<name>}.
     */
    public BrokerSettings withScramUser(String name, String password) {
        List<ScramUser> users = new ArrayList<>(scramUsers);
        users.add(new ScramUser(name, password));
        return new BrokerSettings(dataDir, deleteOnClose, port, defaultPartitions, autoCreateTopics,
                startupTimeout, brokerProperties, users, tlsKeystore);
    }

    /**
     * The same settings with TLS on the client port, presenting the certificate in {@code keystore}
     * (PKCS12 or JKS, key and store under {@code password}); for a secured broker, whose clients then use
     * SASL_SSL. The certificate must name 127.0.0.1 (as an IP address subject alternative name), since
     * clients verify the host they connect to.
     */
    public BrokerSettings withTlsKeystore(Path keystore, String password) {
        return new BrokerSettings(dataDir, deleteOnClose, port, defaultPartitions, autoCreateTopics,
                startupTimeout, brokerProperties, scramUsers, new Keystore(keystore, password));
    }

    /** Whether clients must authenticate with SCRAM and are authorized by ACLs. */
    public boolean secured() {
        return !scramUsers.isEmpty();
    }

    /**
     * Checks every setting and throws one {@link IllegalArgumentException} listing each problem with its
     * offending value; returns normally when all is well.
     */
    public void validate() {
        List<String> problems = new ArrayList<>();
        if (port < 0 || port > MAX_PORT) {
            problems.add("port must be between 0 (any free port) and " + MAX_PORT + ": " + port);
        }
        if (defaultPartitions < 1) {
            problems.add("default partitions must be at least 1: " + defaultPartitions);
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            problems.add("startup timeout must be positive: " + startupTimeout);
        }
        for (String key : brokerProperties.keySet()) {
            if (ServerProperties.OWNED.contains(key)) {
                problems.add("broker property is set by the embedded broker and cannot be overridden: " + key);
            } else if (secured() && ServerProperties.ownedWhenSecured(key)) {
                problems.add("broker property is set by the secured embedded broker and cannot be overridden: " + key);
            }
        }
        scramUserProblems(problems);
        if (tlsKeystore != null) {
            if (!secured()) {
                problems.add("TLS needs a secured broker (a SCRAM user); clients would get TLS without"
                        + " authentication: " + tlsKeystore.location());
            }
            if (!Files.isRegularFile(tlsKeystore.location()) || !Files.isReadable(tlsKeystore.location())) {
                problems.add("TLS keystore must be a readable file: " + tlsKeystore.location());
            }
        }
        dataDirProblem().ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid broker settings: " + String.join("; ", problems));
        }
    }

    private void scramUserProblems(List<String> problems) {
        Set<String> names = new HashSet<>();
        for (ScramUser user : scramUsers) {
            if (user.name().isBlank()) {
                problems.add("SCRAM user name must not be blank: '" + user.name() + "'");
            } else if (user.name().equals(ServerProperties.BROKER_USER)) {
                // The broker authenticates as this user on its own listeners: a client of that name would be
                // a super user.
                problems.add("SCRAM user name is the embedded broker's own: " + user.name());
            } else if (!names.add(user.name())) {
                problems.add("SCRAM user must not be given twice: " + user.name());
            }
            if (user.password().isEmpty()) {
                problems.add("SCRAM user " + user.name() + " must have a password");
            }
        }
    }

    private Optional<String> dataDirProblem() {
        if (Files.exists(dataDir)) {
            if (!Files.isDirectory(dataDir)) {
                return Optional.of("data dir must be a directory, not a file: " + dataDir);
            }
            if (!Files.isWritable(dataDir)) {
                return Optional.of("data dir must be writable: " + dataDir);
            }
            return Optional.empty();
        }
        // The directory is created at start, so the nearest existing ancestor is what must accept it.
        Path ancestor = dataDir.toAbsolutePath().getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor) || !Files.isWritable(ancestor)) {
            return Optional.of("data dir cannot be created, " + ancestor + " is not a writable directory: "
                    + dataDir);
        }
        return Optional.empty();
    }
}
