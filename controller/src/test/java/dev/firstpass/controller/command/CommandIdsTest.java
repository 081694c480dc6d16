package dev.firstpass.controller.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.InputLimits;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.Schedule;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandIdsTest {

    @Test
    void anIdNamesTheExperimentTheRunTheCommandNumberAndTheAction() {
        assertThat(CommandIds.of("cifar", "seed-3", 2, "stop")).isEqualTo("cifar/seed-3/2-stop");
    }

    @Test
    void slashesInNamesCannotMakeTwoRunsShareAnId() {
        assertThat(CommandIds.of("a/b", "c", 1, "stop")).isEqualTo("a%2Fb/c/1-stop");
        assertThat(CommandIds.of("a", "b/c", 1, "stop")).isEqualTo("a/b%2Fc/1-stop");
        assertThat(CommandIds.of("a%2Fb", "c", 1, "stop")).isEqualTo("a%252Fb/c/1-stop");
    }

    @Test
    void theIdOfTheLongestExperimentAndRunFitsTheProtocolsCommandIdLimit() {
        // Every character of both names needs escaping at worst: four UTF-8 bytes, twelve characters.
        String longest = "/" + "\ud83d\ude00".repeat(InputLimits.MAX_ID_CHARS - 1);
        String id = CommandIds.of(longest, longest, Integer.MAX_VALUE, "probe-" + Integer.MAX_VALUE);

        Command command = new Command(id, longest, longest, PerturbationKind.FULL_RESET, Map.of(),
                Schedule.nextEpoch(), Instant.EPOCH);

        assertThat(command.commandId()).hasSizeGreaterThan(6_000).hasSizeLessThan(InputLimits.MAX_COMMAND_ID_CHARS);
    }

    @Test
    void commandNumbersStartAtOne() {
        assertThatThrownBy(() -> CommandIds.of("e", "r", 0, "stop"))
                .hasMessage("command sequence must be at least 1: 0");
    }

    @Test
    void modesAreReadByTheirNames() {
        assertThat(CommandMode.parse(" One-Shot ")).isEqualTo(CommandMode.ONE_SHOT);
        assertThatThrownBy(() -> CommandMode.parse("often")).hasMessage("must be periodic or one-shot: 'often'");
    }
}
