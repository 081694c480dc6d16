package dev.firstpass.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopLatencyRunOptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedLoad() {
        LoopLatencyRun.Options options = LoopLatencyRun.Options.parse(new String[] {"--out", dir.toString()});

        assertThat(options).isEqualTo(new LoopLatencyRun.Options(dir, 120, 60, Duration.ofMillis(5), true, 400,
                Duration.ofMillis(250)));
    }

    @Test
    void aFixedPaceDoesNotWaitForTheMonitor() {
        LoopLatencyRun.Options options = LoopLatencyRun.Options.parse(
                new String[] {"--out", dir.toString(), "--pace", "fixed"});

        assertThat(options.waitForMonitor()).isFalse();
    }

    @Test
    void everyBadValueIsNamedInOneMessage() throws Exception {
        Files.createDirectories(dir.resolve("broker"));

        assertThatThrownBy(() -> LoopLatencyRun.Options.parse(
                new String[] {"--out", dir.toString(), "--pace", "slow", "--runs", "0", "--commands", "many"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid loop latency options: ")
                .hasMessageContaining("--out must not hold a previous run's broker data: " + dir)
                .hasMessageContaining("--pace must be monitor or fixed: slow")
                .hasMessageContaining("--runs must be a whole number of at least 1: 0")
                .hasMessageContaining("--commands must be a whole number of at least 1: many");
    }

    @Test
    void anUnknownOptionIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> LoopLatencyRun.Options.parse(new String[] {"--out", dir.toString(), "--step", "3"}))
                .hasMessageContaining("unknown option --step (known: [out, runs, epochs, listen-ms, pace, commands,"
                        + " statistics-ms])");
    }
}
