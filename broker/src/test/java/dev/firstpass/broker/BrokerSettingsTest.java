package dev.firstpass.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad settings are refused before Kafka starts, with messages that name the offending value. */
class BrokerSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void portAboveTheRangeIsRejectedNamingThePort() {
        BrokerSettings settings = BrokerSettings.persistentAt(tmp.resolve("data"), 70000);

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid broker settings: port must be between 0 (any free port) and 65535: 70000");
    }

    @Test
    void dataDirThatIsARegularFileIsRejectedNamingThePath() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(BrokerSettings.persistentAt(file, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid broker settings: data dir must be a directory, not a file: " + file);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        BrokerSettings settings = BrokerSettings.ephemeral()
                .withPort(-1)
                .withDefaultPartitions(0)
                .withStartupTimeout(Duration.ZERO)
                .withBrokerProperty("listeners", "PLAINTEXT://0.0.0.0:9092");

        assertThatThrownBy(settings::validate)
                .hasMessage("invalid broker settings: "
                        + "port must be between 0 (any free port) and 65535: -1; "
                        + "default partitions must be at least 1: 0; "
                        + "startup timeout must be positive: PT0S; "
                        + "broker property is set by the embedded broker and cannot be overridden: listeners");
    }

    @Test
    void securedSettingsRejectTheBrokersOwnUserRepeatedUsersAndOverriddenAuthorizerProperties() {
        BrokerSettings settings = BrokerSettings.ephemeral()
                .withScramUser("trainer", "t")
                .withScramUser("trainer", "again")
                .withScramUser("firstpass_broker", "x")
                .withScramUser("monitor", "")
                .withBrokerProperty("authorizer.class.name", "com.example.AllowAll")
                .withBrokerProperty("listener.name.client.sasl.enabled.mechanisms", "PLAIN");

        assertThatThrownBy(settings::validate)
                .hasMessageStartingWith("invalid broker settings: ")
                .hasMessageContainingAll(
                        "broker property is set by the secured embedded broker and cannot be overridden:"
                                + " authorizer.class.name",
                        "broker property is set by the secured embedded broker and cannot be overridden:"
                                + " listener.name.client.sasl.enabled.mechanisms",
                        "SCRAM user must not be given twice: trainer",
                        "SCRAM user name is the embedded broker's own: firstpass_broker",
                        "SCRAM user monitor must have a password");
    }

    @Test
    void tlsNeedsASecuredBrokerAndAReadableKeystore() {
        Path missing = tmp.resolve("missing.p12");
        BrokerSettings settings = BrokerSettings.ephemeral().withTlsKeystore(missing, "store-secret");

        assertThatThrownBy(settings::validate)
                .hasMessage("invalid broker settings: TLS needs a secured broker (a SCRAM user); clients would get TLS"
                        + " without authentication: " + missing + "; TLS keystore must be a readable file: " + missing)
                .hasMessageNotContaining("store-secret");
    }

    @Test
    void aScramUserMakesTheBrokerSecuredAndNeverShowsItsPassword() {
        BrokerSettings settings = BrokerSettings.ephemeral().withScramUser("trainer", "t-secret");

        assertThat(BrokerSettings.ephemeral().secured()).isFalse();
        assertThat(settings.secured()).isTrue();
        assertThat(settings.scramUsers()).containsExactly(new ScramUser("trainer", "t-secret"));
        assertThat(settings.toString()).contains("trainer").doesNotContain("t-secret");
    }

    @Test
    void ephemeralSettingsUseAnyFreePortAndAFreshTemporaryDirDeletedOnClose() {
        BrokerSettings settings = BrokerSettings.ephemeral();

        assertThat(settings.port()).isZero();
        assertThat(settings.deleteOnClose()).isTrue();
        assertThat(settings.dataDir().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(settings.dataDir()).doesNotExist();
        assertThat(settings.defaultPartitions()).isEqualTo(1);
        assertThat(settings.autoCreateTopics()).isTrue();
        assertThat(BrokerSettings.ephemeral().dataDir()).isNotEqualTo(settings.dataDir());
    }

    @Test
    void portAlreadyInUseFailsTheStartNamingThePort() throws Exception {
        Path dataDir = tmp.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(BrokerSettings.persistentAt(dataDir, port)))
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageStartingWith("client port " + port + " on 127.0.0.1 is already in use");
        }
        assertThat(dataDir).doesNotExist();
    }
}
