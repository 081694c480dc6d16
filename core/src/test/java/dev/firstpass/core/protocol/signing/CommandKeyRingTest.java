package dev.firstpass.core.protocol.signing;

import static dev.firstpass.core.protocol.signing.SigningFixtures.SECRET_K1;
import static dev.firstpass.core.protocol.signing.SigningFixtures.SECRET_K2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandKeyRingTest {

    private static final String K1 = Base64.getEncoder().encodeToString(SECRET_K1);
    private static final String K2 = Base64.getEncoder().encodeToString(SECRET_K2);
    private static final String SHORT = Base64.getEncoder().encodeToString(new byte[16]);

    @TempDir
    Path dir;

    @Test
    void readsEntriesSeparatedByCommasAndLinesWithCommentsAndBlanks() {
        CommandKeyRing ring = CommandKeyRing.parse("# rotated 2025-03\n k1:" + K1 + " , \n\nk2:" + K2
                + "  # the new one\n", "test");

        assertThat(ring.ids()).containsExactly("k1", "k2");
        assertThat(ring.key("k2").orElseThrow().secret()).isEqualTo(SECRET_K2);
        assertThat(ring.key("k3")).isEmpty();
    }

    @Test
    void paddingOfTheSecretIsOptional() {
        CommandKeyRing ring = CommandKeyRing.parse("k1:" + K1.replace("=", ""), "test");

        assertThat(ring.key("k1").orElseThrow().secret()).isEqualTo(SECRET_K1);
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheRuleButNeverTheSecret() {
        String text = "k1:" + SHORT + "," + K2 + ",k 3:" + K1 + ",k4:not*base64,k5:" + K1 + ",k5:" + K1;

        assertThatThrownBy(() -> CommandKeyRing.parse(text, "FIRSTPASS_COMMAND_KEYS"))
                .isInstanceOfSatisfying(CommandKeyException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "FIRSTPASS_COMMAND_KEYS: command key 'k1' must have a secret of at least 32 bytes: 16",
                            "FIRSTPASS_COMMAND_KEYS: entry 2 must be id:base64secret, but has no ':'",
                            "FIRSTPASS_COMMAND_KEYS: command key id must be 1 to 64 letters, digits, '.', '_' or '-':"
                                    + " 'k 3'",
                            "FIRSTPASS_COMMAND_KEYS: the secret of command key 'k4' (entry 4) must be standard base64",
                            "FIRSTPASS_COMMAND_KEYS: command key id 'k5' is given twice");
                    assertThat(e.getMessage()).doesNotContain(SHORT).doesNotContain(K1).doesNotContain(K2)
                            .doesNotContain("not*base64");
                });
    }

    @Test
    void anEmptyTextHoldsNoKey() {
        assertThatThrownBy(() -> CommandKeyRing.parse(" # nothing yet\n", "FIRSTPASS_COMMAND_KEYS"))
                .hasMessage("FIRSTPASS_COMMAND_KEYS holds no command key; write id:base64secret[,id:base64secret...]");
    }

    @Test
    void readsAFileAndNamesAMissingOne() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "k1:" + K1 + "\nk2:" + K2 + "\n");
        Path missing = dir.resolve("missing");

        assertThat(CommandKeyRing.fromFile(file).ids()).containsExactly("k1", "k2");
        assertThatThrownBy(() -> CommandKeyRing.fromFile(missing)).isInstanceOf(CommandKeyException.class)
                .hasMessage("command key file " + missing + " cannot be read: java.nio.file.NoSuchFileException: "
                        + missing);
    }

    @Test
    void aSignerTakesExactlyOneKey() throws Exception {
        Path two = Files.writeString(dir.resolve("two"), "k1:" + K1 + "\nk2:" + K2 + "\n");

        assertThat(CommandKey.parse("k1:" + K1, "FIRSTPASS_COMMAND_KEY").id()).isEqualTo("k1");
        assertThatThrownBy(() -> CommandKey.fromFile(two)).hasMessage("command key file " + two
                + " must hold exactly one key, the one commands are signed with, but holds 2: k1, k2");
    }

    @Test
    void aRingHasAtLeastOneKeyAndNoIdTwice() {
        CommandKey k1 = CommandKey.of("k1", SECRET_K1);

        assertThatThrownBy(() -> CommandKeyRing.of(k1, CommandKey.of("k1", SECRET_K2)))
                .hasMessage("command key id 'k1' is given twice");
        assertThatThrownBy(CommandKeyRing::of).hasMessage("a command key ring needs at least one key");
    }

    @Test
    void aGeneratedKeyHasTheMinimumLengthAndReadsBackFromItsText() {
        CommandKey key = CommandKey.generate("demo", new SecureRandom());

        CommandKey back = CommandKey.parse(key.asText(), "test");

        assertThat(key.secret()).hasSize(32);
        assertThat(back.secret()).isEqualTo(key.secret());
    }
}
