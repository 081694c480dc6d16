package dev.firstpass.core.kafka;

import dev.firstpass.core.settings.Secret;
import dev.firstpass.core.settings.SettingsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a FirstPass client proves who it is to Kafka and protects its connection: plaintext, TLS,
 * SASL/SCRAM, or SASL/SCRAM over TLS.
 *
 * <p>Start from {@link #plaintext()}, {@link #scram(Mechanism, String, Secret)} or {@link #tls()} and
 * refine with the {@code with*} methods. Stated defaults: {@code PLAINTEXT} (no authentication, no
 * encryption, as Kafka's clients do by default), mechanism {@code SCRAM-SHA-512} once SASL is used, the
 * JVM's own trusted certificates when no truststore is given, store types left to Kafka (its {@code JKS}
 * default also reads PKCS12 files on Java 9 and later), no client certificate.
 *
 * <p>{@link #read(SettingsReader)} binds the value to string settings ({@link #KEYS}), which the monitor,
 * controller and sink configurations share, and {@link #fromEnvironment(Map)} to the
 * {@code FIRSTPASS_KAFKA_*} environment variables ({@link #ENVIRONMENT}). {@link #problems()} reports
 * every problem at once, each naming the setting and the offending value; passwords are never shown,
 * and {@code toString} hides them too.
 *
 * @param protocol           {@code security.protocol}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param mechanism          the SCRAM mechanism, used when the protocol is a SASL one
 * @param username           the SCRAM user, or null
 * @param password           the SCRAM password, or null
 * @param truststore         the certificates a TLS client trusts, or null for the JVM's own
 * @param truststorePassword the truststore's password, or null (PEM files and unprotected stores)
 * @param truststoreType     the truststore's format, or null for Kafka's default
 * @param keystore           the client's own certificate and key for mutual TLS, or null
 * @param keystorePassword   the keystore's password, or null
 * @param keyPassword        the private key's password when it differs from the keystore's, or null
 * @param keystoreType       the keystore's format, or null for Kafka's default
 */
public record KafkaSecurity(Protocol protocol, Mechanism mechanism, String username, Secret password,
        Path truststore, Secret truststorePassword, StoreType truststoreType, Path keystore,
        Secret keystorePassword, Secret keyPassword, StoreType keystoreType) {

    public static final String PROTOCOL = "security.protocol";
    public static final String SASL_MECHANISM = "sasl.mechanism";
    public static final String SASL_USERNAME = "sasl.username";
    public static final String SASL_PASSWORD = "sasl.password";
    /** A file holding the SCRAM password, so that it need not be on a command line or in the environment. */
    public static final String SASL_PASSWORD_FILE = "sasl.password.file";
    public static final String SSL_TRUSTSTORE_LOCATION = "ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "ssl.keystore.password";
    public static final String SSL_KEY_PASSWORD = "ssl.key.password";
    public static final String SSL_KEYSTORE_TYPE = "ssl.keystore.type";

    /** Every setting {@link #read(SettingsReader)} reads. */
    public static final Set<String> KEYS = Set.of(PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD,
            SASL_PASSWORD_FILE, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE,
            SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEY_PASSWORD, SSL_KEYSTORE_TYPE);

    /** Each environment variable and the setting it gives, in the order the documentation lists them. */
    public static final Map<String, String> ENVIRONMENT = environment();

    /** The login module of SCRAM clients; its name is part of Kafka's public configuration. */
    static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    public KafkaSecurity {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(mechanism, "mechanism");
    }

    private static Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("FIRSTPASS_KAFKA_SECURITY_PROTOCOL", PROTOCOL);
        variables.put("FIRSTPASS_KAFKA_SASL_MECHANISM", SASL_MECHANISM);
        variables.put("FIRSTPASS_KAFKA_SASL_USERNAME", SASL_USERNAME);
        variables.put("FIRSTPASS_KAFKA_SASL_PASSWORD", SASL_PASSWORD);
        variables.put("FIRSTPASS_KAFKA_SASL_PASSWORD_FILE", SASL_PASSWORD_FILE);
        variables.put("FIRSTPASS_KAFKA_SSL_TRUSTSTORE", SSL_TRUSTSTORE_LOCATION);
        variables.put("FIRSTPASS_KAFKA_SSL_TRUSTSTORE_PASSWORD", SSL_TRUSTSTORE_PASSWORD);
        variables.put("FIRSTPASS_KAFKA_SSL_TRUSTSTORE_TYPE", SSL_TRUSTSTORE_TYPE);
        variables.put("FIRSTPASS_KAFKA_SSL_KEYSTORE", SSL_KEYSTORE_LOCATION);
        variables.put("FIRSTPASS_KAFKA_SSL_KEYSTORE_PASSWORD", SSL_KEYSTORE_PASSWORD);
        variables.put("FIRSTPASS_KAFKA_SSL_KEY_PASSWORD", SSL_KEY_PASSWORD);
        variables.put("FIRSTPASS_KAFKA_SSL_KEYSTORE_TYPE", SSL_KEYSTORE_TYPE);
        return Collections.unmodifiableMap(variables);
    }

    /** Kafka's {@code security.protocol}: whether a connection authenticates with SASL, and whether TLS protects it. */
    public enum Protocol {
        PLAINTEXT(false, false), SSL(false, true), SASL_PLAINTEXT(true, false), SASL_SSL(true, true);

        private final boolean sasl;
        private final boolean tls;

        Protocol(boolean sasl, boolean tls) {
            this.sasl = sasl;
            this.tls = tls;
        }

        public boolean usesSasl() {
            return sasl;
        }

        public boolean usesTls() {
            return tls;
        }

        /** The protocol named {@code text}, in any case, as Kafka accepts it. */
        public static Protocol parse(String text) {
            for (Protocol protocol : values()) {
                if (protocol.name().equalsIgnoreCase(text.trim())) {
                    return protocol;
                }
            }
            throw new IllegalArgumentException("must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL: '" + text + "'");
        }
    }

    /** The SASL mechanisms FirstPass supports: SCRAM with SHA-256 or SHA-512. */
    public enum Mechanism {
        SCRAM_SHA_256("SCRAM-SHA-256"), SCRAM_SHA_512("SCRAM-SHA-512");

        private final String kafkaName;

        Mechanism(String kafkaName) {
            this.kafkaName = kafkaName;
        }

        /** The name Kafka's {@code sasl.mechanism} takes, e.g. "SCRAM-SHA-512". */
        public String kafkaName() {
            return kafkaName;
        }

        /** The mechanism named {@code text}, e.g. "SCRAM-SHA-512", in any case. */
        public static Mechanism parse(String text) {
            for (Mechanism mechanism : values()) {
                if (mechanism.kafkaName.equalsIgnoreCase(text.trim())) {
                    return mechanism;
                }
            }
            throw new IllegalArgumentException("must be SCRAM-SHA-256 or SCRAM-SHA-512: '" + text + "'");
        }
    }

    /** The file formats Kafka's clients read a truststore or keystore from. */
    public enum StoreType {
        JKS, PKCS12, PEM;

        public static StoreType parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be JKS, PKCS12 or PEM: '" + text + "'");
            }
        }
    }

    /** No authentication and no encryption: Kafka's default, and what every client did before security existed. */
    public static KafkaSecurity plaintext() {
        return new KafkaSecurity(Protocol.PLAINTEXT, Mechanism.SCRAM_SHA_512, null, null, null, null, null, null,
                null, null, null);
    }

    /** SCRAM over a plaintext connection ({@code SASL_PLAINTEXT}): the user proves who it is, nothing is encrypted. */
    public static KafkaSecurity scram(Mechanism mechanism, String username, Secret password) {
        return plaintext().withScram(mechanism, username, password);
    }

    /** TLS ({@code SSL}) trusting the JVM's own certificates; add a truststore for a private certificate authority. */
    public static KafkaSecurity tls() {
        return plaintext().overTls();
    }

    /** The same security with SCRAM added: PLAINTEXT becomes SASL_PLAINTEXT, SSL becomes SASL_SSL. */
    public KafkaSecurity withScram(Mechanism newMechanism, String newUsername, Secret newPassword) {
        Protocol withSasl = protocol.usesTls() ? Protocol.SASL_SSL : Protocol.SASL_PLAINTEXT;
        return new KafkaSecurity(withSasl, newMechanism, newUsername, newPassword, truststore, truststorePassword,
                truststoreType, keystore, keystorePassword, keyPassword, keystoreType);
    }

    /** The same security over TLS: PLAINTEXT becomes SSL, SASL_PLAINTEXT becomes SASL_SSL. */
    public KafkaSecurity overTls() {
        Protocol withTls = protocol.usesSasl() ? Protocol.SASL_SSL : Protocol.SSL;
        return new KafkaSecurity(withTls, mechanism, username, password, truststore, truststorePassword,
                truststoreType, keystore, keystorePassword, keyPassword, keystoreType);
    }

    /** The same security trusting the certificates in {@code store}; {@code storePassword} may be null. */
    public KafkaSecurity withTruststore(Path store, Secret storePassword, StoreType type) {
        return new KafkaSecurity(protocol, mechanism, username, password, store, storePassword, type, keystore,
                keystorePassword, keyPassword, keystoreType);
    }

    /**
     * The same security presenting the client certificate in {@code store} (mutual TLS); {@code privateKeyPassword}
     * is null when the key has the store's password.
     */
    public KafkaSecurity withKeystore(Path store, Secret storePassword, Secret privateKeyPassword, StoreType type) {
        return new KafkaSecurity(protocol, mechanism, username, password, truststore, truststorePassword,
                truststoreType, store, storePassword, privateKeyPassword, type);
    }

    /** Every problem, each naming the setting, the rule and the offending value (never a password); empty when usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (protocol.usesSasl()) {
            if (username == null || username.isBlank()) {
                problems.add(SASL_USERNAME + " is required with " + PROTOCOL + " " + protocol);
            }
            if (password == null) {
                problems.add(SASL_PASSWORD + " is required with " + PROTOCOL + " " + protocol
                        + (username == null ? "" : " for user '" + username + "'"));
            }
        } else {
            if (username != null) {
                problems.add(SASL_USERNAME + " is given ('" + username + "') but " + PROTOCOL + " " + protocol
                        + " does not authenticate; use SASL_PLAINTEXT or SASL_SSL");
            }
            if (password != null) {
                problems.add(SASL_PASSWORD + " is given but " + PROTOCOL + " " + protocol
                        + " does not authenticate; use SASL_PLAINTEXT or SASL_SSL");
            }
        }
        // Kafka's JAAS parser ends a quoted value at a line break, so such a value cannot be passed at all.
        if (username != null && hasLineBreak(username)) {
            problems.add(SASL_USERNAME + " must be one line: '"
                    + username.replace("\n", "\\n").replace("\r", "\\r") + "'");
        }
        if (password != null && hasLineBreak(password.reveal())) {
            problems.add(SASL_PASSWORD + " must be one line (a password file may end with one line break)");
        }
        if (protocol.usesTls()) {
            readableFile(problems, SSL_TRUSTSTORE_LOCATION, truststore);
            readableFile(problems, SSL_KEYSTORE_LOCATION, keystore);
            if (keystore != null && keystoreType != StoreType.PEM && keystorePassword == null) {
                problems.add(SSL_KEYSTORE_PASSWORD + " is required with " + SSL_KEYSTORE_LOCATION + " " + keystore);
            }
            // A password or type for no store is a slip, most likely a store setting misspelt or forgotten.
            if (truststore == null) {
                without(problems, SSL_TRUSTSTORE_PASSWORD, truststorePassword, SSL_TRUSTSTORE_LOCATION);
                without(problems, SSL_TRUSTSTORE_TYPE, truststoreType, SSL_TRUSTSTORE_LOCATION);
            }
            if (keystore == null) {
                without(problems, SSL_KEYSTORE_PASSWORD, keystorePassword, SSL_KEYSTORE_LOCATION);
                without(problems, SSL_KEY_PASSWORD, keyPassword, SSL_KEYSTORE_LOCATION);
                without(problems, SSL_KEYSTORE_TYPE, keystoreType, SSL_KEYSTORE_LOCATION);
            }
        } else {
            List<String> tlsOnly = new ArrayList<>();
            given(tlsOnly, SSL_TRUSTSTORE_LOCATION, truststore);
            given(tlsOnly, SSL_TRUSTSTORE_PASSWORD, truststorePassword);
            given(tlsOnly, SSL_TRUSTSTORE_TYPE, truststoreType);
            given(tlsOnly, SSL_KEYSTORE_LOCATION, keystore);
            given(tlsOnly, SSL_KEYSTORE_PASSWORD, keystorePassword);
            given(tlsOnly, SSL_KEY_PASSWORD, keyPassword);
            given(tlsOnly, SSL_KEYSTORE_TYPE, keystoreType);
            if (!tlsOnly.isEmpty()) {
                problems.add(String.join(", ", tlsOnly) + (tlsOnly.size() == 1 ? " is" : " are") + " given but "
                        + PROTOCOL + " " + protocol + " does not use TLS; use SSL or SASL_SSL");
            }
        }
        return problems;
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }

    private static void readableFile(List<String> problems, String key, Path file) {
        if (file != null && !(Files.isRegularFile(file) && Files.isReadable(file))) {
            problems.add(key + " must be a readable file: " + file);
        }
    }

    private static void given(List<String> keys, String key, Object value) {
        if (value != null) {
            keys.add(key);
        }
    }

    private static void without(List<String> problems, String key, Object value, String needed) {
        if (value != null) {
            problems.add(key + " is given without " + needed);
        }
    }

    /**
     * The Kafka client properties that apply this security, in a stable order; empty for plaintext, which
     * is the clients' default. The map holds the passwords: hand it to a client, never to a log.
     *
     * @throws IllegalArgumentException listing every problem when {@link #problems()} is not empty
     */
    public Map<String, String> clientProperties() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Kafka security settings: " + String.join("; ", problems));
        }
        if (protocol == Protocol.PLAINTEXT) {
            return Map.of();
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", protocol.name());
        if (protocol.usesSasl()) {
            props.put("sasl.mechanism", mechanism.kafkaName());
            props.put("sasl.jaas.config", SCRAM_LOGIN_MODULE + " required username=\"" + quoted(username)
                    + "\" password=\"" + quoted(password.reveal()) + "\";");
        }
        if (truststore != null) {
            props.put("ssl.truststore.location", truststore.toString());
            putIfGiven(props, "ssl.truststore.password", truststorePassword);
            putIfGiven(props, "ssl.truststore.type", truststoreType);
        }
        if (keystore != null) {
            props.put("ssl.keystore.location", keystore.toString());
            putIfGiven(props, "ssl.keystore.password", keystorePassword);
            putIfGiven(props, "ssl.key.password", keyPassword);
            putIfGiven(props, "ssl.keystore.type", keystoreType);
        }
        return Collections.unmodifiableMap(props);
    }

    private static void putIfGiven(Map<String, String> props, String key, Object value) {
        if (value instanceof Secret secret) {
            props.put(key, secret.reveal());
        } else if (value != null) {
            props.put(key, value.toString());
        }
    }

    /** The text as the inside of a JAAS quoted value, whose parser reads backslash escapes. */
    static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Reads the security settings ({@link #KEYS}) from {@code in}, noting every problem there, the
     * cross-setting ones of {@link #problems()} included; absent settings keep the stated defaults.
     */
    public static KafkaSecurity read(SettingsReader in) {
        int before = in.problems().size();
        Protocol protocol = in.parsed(PROTOCOL, Protocol.PLAINTEXT, Protocol::parse);
        // With the protocol unknown, every rule that depends on it would only add noise to the one real problem.
        boolean protocolKnown = in.problems().size() == before;
        Mechanism mechanism = in.parsed(SASL_MECHANISM, Mechanism.SCRAM_SHA_512, Mechanism::parse);
        String username = in.text(SASL_USERNAME, null);
        Secret password = password(in);
        KafkaSecurity security = new KafkaSecurity(protocol, mechanism, username, password,
                in.parsed(SSL_TRUSTSTORE_LOCATION, null, KafkaSecurity::path),
                in.optionalSecret(SSL_TRUSTSTORE_PASSWORD),
                in.parsed(SSL_TRUSTSTORE_TYPE, null, StoreType::parse),
                in.parsed(SSL_KEYSTORE_LOCATION, null, KafkaSecurity::path),
                in.optionalSecret(SSL_KEYSTORE_PASSWORD),
                in.optionalSecret(SSL_KEY_PASSWORD),
                in.parsed(SSL_KEYSTORE_TYPE, null, StoreType::parse));
        if (protocolKnown) {
            security.problems().forEach(in::problem);
        }
        return security;
    }

    private static Secret password(SettingsReader in) {
        Secret given = in.optionalSecret(SASL_PASSWORD);
        Path file = in.parsed(SASL_PASSWORD_FILE, null, KafkaSecurity::path);
        if (given != null && file != null) {
            in.problem(SASL_PASSWORD + " and " + SASL_PASSWORD_FILE + " both give the password; give one: " + file);
            return given;
        }
        if (file == null) {
            return given;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            in.problem(SASL_PASSWORD_FILE + " must be a readable file: " + file);
            return null;
        }
        // Editors and `echo` end a file with a line break that is no part of the password.
        String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (password.isEmpty()) {
            in.problem(SASL_PASSWORD_FILE + " must not be empty: " + file);
            return null;
        }
        return Secret.of(password);
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("must be a file path: '" + text + "' (" + e.getReason() + ")");
        }
    }

    /** The settings the {@code FIRSTPASS_KAFKA_*} variables of {@code environment} give, keyed as {@link #KEYS}. */
    public static Map<String, String> settingsFromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        ENVIRONMENT.forEach((variable, key) -> {
            String value = environment.get(variable);
            if (value != null) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    /**
     * The security the {@code FIRSTPASS_KAFKA_*} variables of {@code environment} describe; plaintext when
     * none is set.
     *
     * @throws IllegalArgumentException listing every problem, each naming its environment variable
     */
    public static KafkaSecurity fromEnvironment(Map<String, String> environment) {
        SettingsReader in = SettingsReader.of(settingsFromEnvironment(environment));
        KafkaSecurity security = read(in);
        if (!in.problems().isEmpty()) {
            throw new IllegalArgumentException("invalid Kafka security in the environment: " + in.messages().stream()
                    .map(KafkaSecurity::inEnvironmentTerms).collect(Collectors.joining("; ")));
        }
        return security;
    }

    /** A problem stated by setting key, restated with the environment variable that gives the setting. */
    public static String inEnvironmentTerms(String problem) {
        for (Map.Entry<String, String> variable : ENVIRONMENT.entrySet()) {
            if (problem.startsWith(variable.getValue() + " ")) {
                return variable.getKey() + problem.substring(variable.getValue().length());
            }
        }
        return problem;
    }
}
