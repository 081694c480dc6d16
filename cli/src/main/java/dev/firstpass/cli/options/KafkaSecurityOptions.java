package dev.firstpass.cli.options;

import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.settings.SettingsReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The Kafka security options of every command that connects to Kafka (a picocli mixin): TLS and
 * SASL/SCRAM, each falling back to its {@code FIRSTPASS_KAFKA_*} environment variable.
 *
 * <p>Passwords come from the environment or from a file, never from the command line, where anyone on
 * the machine can read them in the process list. The values become {@link KafkaSecurity}'s settings;
 * its problems, stated by setting key, are restated here with the option or variable the user set.
 */
public final class KafkaSecurityOptions {

    /** Each setting: the option that gives it (null for passwords), and its environment variable. */
    private static final List<Binding> BINDINGS = bindings();

    private record Binding(String key, String option, String variable) {
    }

    @Option(names = "--kafka-security-protocol", paramLabel = "PROTOCOL",
            description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (env FIRSTPASS_KAFKA_SECURITY_PROTOCOL)."
                    + " Default: PLAINTEXT.")
    private String protocol;

    @Option(names = "--kafka-sasl-mechanism", paramLabel = "MECHANISM",
            description = "SCRAM-SHA-256 or SCRAM-SHA-512 (env FIRSTPASS_KAFKA_SASL_MECHANISM). Default: SCRAM-SHA-512.")
    private String mechanism;

    @Option(names = "--kafka-sasl-username", paramLabel = "USER",
            description = "SCRAM user (env FIRSTPASS_KAFKA_SASL_USERNAME).")
    private String username;

    @Option(names = "--kafka-sasl-password-file", paramLabel = "FILE",
            description = "File holding the SCRAM password (env FIRSTPASS_KAFKA_SASL_PASSWORD_FILE), or the password"
                    + " itself in env FIRSTPASS_KAFKA_SASL_PASSWORD.")
    private String passwordFile;

    @Option(names = "--kafka-ssl-truststore", paramLabel = "FILE",
            description = "Certificates to trust (env FIRSTPASS_KAFKA_SSL_TRUSTSTORE; its password, if any, in env"
                    + " FIRSTPASS_KAFKA_SSL_TRUSTSTORE_PASSWORD). Default: the JVM's.")
    private String truststore;

    @Option(names = "--kafka-ssl-truststore-type", paramLabel = "TYPE",
            description = "JKS, PKCS12 or PEM (env FIRSTPASS_KAFKA_SSL_TRUSTSTORE_TYPE). Default: Kafka's, JKS, which"
                    + " also reads PKCS12.")
    private String truststoreType;

    @Option(names = "--kafka-ssl-keystore", paramLabel = "FILE",
            description = "Client certificate and key for mutual TLS (env FIRSTPASS_KAFKA_SSL_KEYSTORE; passwords in"
                    + " env FIRSTPASS_KAFKA_SSL_KEYSTORE_PASSWORD and FIRSTPASS_KAFKA_SSL_KEY_PASSWORD).")
    private String keystore;

    @Option(names = "--kafka-ssl-keystore-type", paramLabel = "TYPE",
            description = "JKS, PKCS12 or PEM (env FIRSTPASS_KAFKA_SSL_KEYSTORE_TYPE). Default: Kafka's.")
    private String keystoreType;

    /** Where the defaults come from. */
    private Map<String, String> environment = System.getenv();

    /** Options as picocli fills them, with defaults from the process environment. */
    public KafkaSecurityOptions() {
    }

    /** No option given, every setting from {@code environment}: what a command sees without security options. */
    public static KafkaSecurityOptions fromEnvironment(Map<String, String> environment) {
        KafkaSecurityOptions options = new KafkaSecurityOptions();
        options.environment = Map.copyOf(environment);
        return options;
    }

    private static List<Binding> bindings() {
        Map<String, String> options = Map.of(
                KafkaSecurity.PROTOCOL, "--kafka-security-protocol",
                KafkaSecurity.SASL_MECHANISM, "--kafka-sasl-mechanism",
                KafkaSecurity.SASL_USERNAME, "--kafka-sasl-username",
                KafkaSecurity.SASL_PASSWORD_FILE, "--kafka-sasl-password-file",
                KafkaSecurity.SSL_TRUSTSTORE_LOCATION, "--kafka-ssl-truststore",
                KafkaSecurity.SSL_TRUSTSTORE_TYPE, "--kafka-ssl-truststore-type",
                KafkaSecurity.SSL_KEYSTORE_LOCATION, "--kafka-ssl-keystore",
                KafkaSecurity.SSL_KEYSTORE_TYPE, "--kafka-ssl-keystore-type");
        List<Binding> bindings = new ArrayList<>();
        KafkaSecurity.ENVIRONMENT.forEach((variable, key) -> bindings.add(new Binding(key, options.get(key), variable)));
        // Longest key first, so that "sasl.password" is never found inside "sasl.password.file".
        bindings.sort(Comparator.comparingInt((Binding binding) -> binding.key().length()).reversed());
        return List.copyOf(bindings);
    }

    private Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, KafkaSecurity.PROTOCOL, protocol);
        put(given, KafkaSecurity.SASL_MECHANISM, mechanism);
        put(given, KafkaSecurity.SASL_USERNAME, username);
        put(given, KafkaSecurity.SASL_PASSWORD_FILE, passwordFile);
        put(given, KafkaSecurity.SSL_TRUSTSTORE_LOCATION, truststore);
        put(given, KafkaSecurity.SSL_TRUSTSTORE_TYPE, truststoreType);
        put(given, KafkaSecurity.SSL_KEYSTORE_LOCATION, keystore);
        put(given, KafkaSecurity.SSL_KEYSTORE_TYPE, keystoreType);
        return given;
    }

    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }

    /**
     * The security settings, keyed as {@link KafkaSecurity#KEYS}: the environment's, overridden by the
     * options given. A password file on the command line replaces a password from the environment, so
     * that the two never clash.
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(KafkaSecurity.settingsFromEnvironment(environment));
        if (passwordFile != null) {
            settings.remove(KafkaSecurity.SASL_PASSWORD);
        }
        settings.putAll(given());
        return settings;
    }

    /**
     * The security the options and environment describe; each of its problems, in the words of the
     * command line, goes to {@code problems}.
     */
    public KafkaSecurity security(Consumer<String> problems) {
        SettingsReader in = SettingsReader.of(settings());
        KafkaSecurity security = KafkaSecurity.read(in);
        in.messages().forEach(problem -> problems.accept(inOptionTerms(problem)));
        return security;
    }

    /**
     * A problem stated by setting key ("sasl.mechanism must be ...") in the words of the command line: each
     * key becomes its option, or its variable for a password; the problem's subject, when it came from the
     * environment, says so. Problems of other settings are returned unchanged.
     */
    public String inOptionTerms(String problem) {
        Binding subject = BINDINGS.stream().filter(binding -> problem.startsWith(binding.key() + " "))
                .findFirst().orElse(null);
        if (subject == null) {
            return problem;
        }
        String restated = problem;
        for (Binding binding : BINDINGS) {
            Matcher key = Pattern.compile("(?<![\\w.-])" + Pattern.quote(binding.key()) + "(?![\\w.-])")
                    .matcher(restated);
            restated = key.replaceAll(Matcher.quoteReplacement(
                    binding.option() != null ? binding.option() : binding.variable()));
        }
        if (subject.key().equals(KafkaSecurity.SASL_PASSWORD) && problem.contains(" is required ")) {
            return restated + " (set " + subject.variable() + " or give --kafka-sasl-password-file)";
        }
        boolean fromEnvironment = !given().containsKey(subject.key()) && environment.containsKey(subject.variable())
                && subject.option() != null;
        return fromEnvironment ? restated + " (from the environment variable " + subject.variable() + ")" : restated;
    }
}
