package dev.firstpass.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.core.kafka.KafkaSecurity.Mechanism;
import dev.firstpass.core.kafka.KafkaSecurity.Protocol;
import dev.firstpass.core.kafka.KafkaSecurity.StoreType;
import dev.firstpass.core.settings.Secret;
import dev.firstpass.core.settings.SettingsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

    @TempDir
    Path dir;

    @Test
    void plaintextIsTheDefaultAndAddsNoClientProperty() {
        SettingsReader in = SettingsReader.of(Map.of());

        KafkaSecurity security = KafkaSecurity.read(in);

        assertThat(security).isEqualTo(KafkaSecurity.plaintext());
        assertThat(security.protocol()).isEqualTo(Protocol.PLAINTEXT);
        assertThat(security.mechanism()).isEqualTo(Mechanism.SCRAM_SHA_512);
        assertThat(security.clientProperties()).isEmpty();
        assertThat(in.problems()).isEmpty();
    }

    @Test
    void scramOverPlaintextEscapesQuotesAndBackslashesInTheJaasConfiguration() {
        KafkaSecurity security = KafkaSecurity.scram(Mechanism.SCRAM_SHA_256, "trainer", Secret.of("pa\"ss\\word"));

        assertThat(security.clientProperties()).containsExactlyEntriesOf(ordered(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-256",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"trainer\" password=\"pa\\\"ss\\\\word\";"));
    }

    @Test
    void sslGivesExactlyTheTruststoreAndKeystoreProperties() throws IOException {
        Path truststore = Files.writeString(dir.resolve("truststore.p12"), "certificates");
        Path keystore = Files.writeString(dir.resolve("keystore.p12"), "certificate and key");

        KafkaSecurity security = KafkaSecurity.tls()
                .withTruststore(truststore, Secret.of("trust-pw"), StoreType.PKCS12)
                .withKeystore(keystore, Secret.of("store-pw"), Secret.of("key-pw"), StoreType.PKCS12);

        assertThat(security.protocol()).isEqualTo(Protocol.SSL);
        assertThat(security.clientProperties()).containsExactlyEntriesOf(ordered(
                "security.protocol", "SSL",
                "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.password", "trust-pw",
                "ssl.truststore.type", "PKCS12",
                "ssl.keystore.location", keystore.toString(),
                "ssl.keystore.password", "store-pw",
                "ssl.key.password", "key-pw",
                "ssl.keystore.type", "PKCS12"));
    }

    @Test
    void saslSslGivesExactlyTheScramAndTruststoreProperties() throws IOException {
        Path truststore = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");

        KafkaSecurity security = KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "monitor", Secret.of("m0n"))
                .overTls().withTruststore(truststore, null, StoreType.PEM);

        assertThat(security.protocol()).isEqualTo(Protocol.SASL_SSL);
        assertThat(security.clientProperties()).containsExactlyEntriesOf(ordered(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"monitor\" password=\"m0n\";",
                "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.type", "PEM"));
    }

    @Test
    void sslWithoutATruststoreTrustsTheJvmsCertificatesAndSetsOnlyTheProtocol() {
        assertThat(KafkaSecurity.tls().clientProperties()).containsExactly(Map.entry("security.protocol", "SSL"));
    }

    @Test
    void settingsAreReadWithTheirStatedNamesAndCase() throws IOException {
        Path truststore = Files.writeString(dir.resolve("truststore.jks"), "certificates");
        SettingsReader in = SettingsReader.of(Map.of(
                "security.protocol", "sasl_ssl",
                "sasl.mechanism", "scram-sha-256",
                "sasl.username", " controller ",
                "sasl.password", " spaced secret ",
                "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.password", "changeit",
                "ssl.truststore.type", "jks"));

        KafkaSecurity security = KafkaSecurity.read(in);

        assertThat(in.problems()).isEmpty();
        assertThat(security).isEqualTo(KafkaSecurity.scram(Mechanism.SCRAM_SHA_256, "controller",
                Secret.of(" spaced secret ")).overTls().withTruststore(truststore, Secret.of("changeit"), StoreType.JKS));
    }

    @Test
    void everyProblemIsReportedNamingTheSettingAndTheValue() {
        SettingsReader in = SettingsReader.of(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.username", "trainer",
                "ssl.truststore.location", dir.resolve("missing.jks").toString(),
                "ssl.keystore.type", "P12"));

        KafkaSecurity.read(in);

        assertThat(in.messages()).containsExactly(
                "sasl.mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512: 'PLAIN'",
                "ssl.keystore.type must be JKS, PKCS12 or PEM: 'P12'",
                "sasl.password is required with security.protocol SASL_SSL for user 'trainer'",
                "ssl.truststore.location must be a readable file: " + dir.resolve("missing.jks"));
    }

    @Test
    void aBadProtocolIsTheOnlyProblemReportedForTheSettingsThatDependOnIt() {
        SettingsReader in = SettingsReader.of(Map.of("security.protocol", "TLS", "sasl.username", "trainer"));

        KafkaSecurity.read(in);

        assertThat(in.messages()).containsExactly(
                "security.protocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL: 'TLS'");
    }

    @Test
    void settingsTheProtocolDoesNotUseAreProblemsRatherThanSilentlyIgnored() {
        SettingsReader in = SettingsReader.of(Map.of(
                "sasl.username", "trainer", "sasl.password", "pw", "ssl.truststore.location", "/etc/ca.jks"));

        KafkaSecurity.read(in);

        assertThat(in.messages()).containsExactly(
                "sasl.username is given ('trainer') but security.protocol PLAINTEXT does not authenticate;"
                        + " use SASL_PLAINTEXT or SASL_SSL",
                "sasl.password is given but security.protocol PLAINTEXT does not authenticate;"
                        + " use SASL_PLAINTEXT or SASL_SSL",
                "ssl.truststore.location is given but security.protocol PLAINTEXT does not use TLS; use SSL or SASL_SSL");
    }

    @Test
    void aStorePasswordOrTypeWithoutItsStoreIsAProblem() {
        SettingsReader in = SettingsReader.of(Map.of("security.protocol", "SSL",
                "ssl.truststore.password", "changeit", "ssl.keystore.type", "PKCS12"));

        KafkaSecurity.read(in);

        assertThat(in.messages()).containsExactly(
                "ssl.truststore.password is given without ssl.truststore.location",
                "ssl.keystore.type is given without ssl.keystore.location");
    }

    @Test
    void aPasswordFileIsReadWithoutItsFinalLineBreak() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "s3cret \n");
        SettingsReader in = SettingsReader.of(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.username", "sink", "sasl.password.file", file.toString()));

        KafkaSecurity security = KafkaSecurity.read(in);

        assertThat(in.problems()).isEmpty();
        assertThat(security.password()).isEqualTo(Secret.of("s3cret "));
    }

    @Test
    void aPasswordGivenTwiceOrFromAMissingFileIsAProblem() {
        Path missing = dir.resolve("no-such-password");
        SettingsReader twice = SettingsReader.of(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.username", "sink", "sasl.password", "pw", "sasl.password.file", missing.toString()));
        SettingsReader unreadable = SettingsReader.of(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.username", "sink", "sasl.password.file", missing.toString()));

        KafkaSecurity.read(twice);
        KafkaSecurity.read(unreadable);

        assertThat(twice.messages()).containsExactly(
                "sasl.password and sasl.password.file both give the password; give one: " + missing);
        assertThat(unreadable.messages()).containsExactly(
                "sasl.password.file must be a readable file: " + missing,
                "sasl.password is required with security.protocol SASL_PLAINTEXT for user 'sink'");
    }

    @Test
    void passwordsNeverShowInToStringNorInProblems() {
        KafkaSecurity security = KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "trainer", Secret.of("hunter2\nmore"))
                .overTls().withKeystore(dir.resolve("k.p12"), Secret.of("store-secret"), null, null);

        assertThat(security.toString()).doesNotContain("hunter2", "store-secret").contains("[hidden]");
        assertThat(security.problems()).containsExactly(
                "sasl.password must be one line (a password file may end with one line break)",
                "ssl.keystore.location must be a readable file: " + dir.resolve("k.p12"));
        assertThatThrownBy(security::clientProperties).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theEnvironmentGivesTheSettingsUnderFirstPassKafkaNames() {
        Map<String, String> environment = Map.of(
                "FIRSTPASS_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "FIRSTPASS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
                "FIRSTPASS_KAFKA_SASL_USERNAME", "controller",
                "FIRSTPASS_KAFKA_SASL_PASSWORD", "c-pw",
                "PATH", "/usr/bin");

        assertThat(KafkaSecurity.fromEnvironment(environment)).isEqualTo(
                KafkaSecurity.scram(Mechanism.SCRAM_SHA_256, "controller", Secret.of("c-pw")));
        assertThat(KafkaSecurity.fromEnvironment(Map.of())).isEqualTo(KafkaSecurity.plaintext());
    }

    @Test
    void environmentProblemsNameTheVariable() {
        Map<String, String> environment = Map.of(
                "FIRSTPASS_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "FIRSTPASS_KAFKA_SASL_MECHANISM", "GSSAPI",
                "FIRSTPASS_KAFKA_SASL_USERNAME", "controller");

        assertThatThrownBy(() -> KafkaSecurity.fromEnvironment(environment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid Kafka security in the environment:"
                        + " FIRSTPASS_KAFKA_SASL_MECHANISM must be SCRAM-SHA-256 or SCRAM-SHA-512: 'GSSAPI';"
                        + " FIRSTPASS_KAFKA_SASL_PASSWORD is required with security.protocol SASL_PLAINTEXT"
                        + " for user 'controller'");
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
