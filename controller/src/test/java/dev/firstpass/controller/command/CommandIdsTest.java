package dev.firstpass.controller.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
