package dev.firstpass.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.settings.Parsers;
import dev.firstpass.core.settings.Problem;
import dev.firstpass.core.settings.Setting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class DeclaredOptionsTest {

    private static final Setting<Integer> BATCH = Setting.withDefault("batch.size", "POINTS", Parsers.atLeast(1),
            "5000", "Most points per write");
    private static final Setting<List<Double>> TARGETS = Setting.required("targets", "X",
            Parsers.listOf(Parsers.number(), "must be numbers"), "Thresholds").withOption("--target").asRepeatable();
    private static final Setting<Boolean> DRY_RUN = Setting.withDefault("dry.run", "true|false", Parsers.bool(),
            "false", "Send nothing").asFlag();

    private static CommandSpec parsed(DeclaredOptions options, String... args) {
        CommandSpec spec = options.addTo(CommandSpec.create());
        new CommandLine(spec).parseArgs(args);
        return spec;
    }

    @Test
    void optionsCarryTheDeclaredNamesAndGiveTheirTextByKey() {
        DeclaredOptions options = DeclaredOptions.of(List.of(BATCH, TARGETS, DRY_RUN), name -> null);

        CommandSpec spec = parsed(options, "--target", "55,56", "--target", "57", "--dry-run");

        assertThat(spec.findOption("--batch-size").description()[0])
                .isEqualTo("Most points per write (env FIRSTPASS_BATCH_SIZE). Default: 5000.");
        assertThat(options.values(spec)).containsExactly(Map.entry("batch.size", "5000"),
                Map.entry("targets", "55,56,57"), Map.entry("dry.run", "true"));
    }

    @Test
    void aProblemIsToldWithTheOptionAndWhereABadValueCameFrom() {
        DeclaredOptions options = DeclaredOptions.of(List.of(BATCH, TARGETS), name -> name.equals(
                "FIRSTPASS_BATCH_SIZE") ? "many" : null);
        CommandSpec spec = parsed(options);

        assertThat(options.explain(Problem.of("batch.size", "many", "must be a whole number"), spec)).isEqualTo(
                "--batch-size must be a whole number: 'many' (from the environment variable FIRSTPASS_BATCH_SIZE)");
        assertThat(options.explain(Problem.of("targets", null, "is required"), spec))
                .isEqualTo("--target is required: give --target or set FIRSTPASS_TARGETS");
        assertThat(options.explain(Problem.general("targets must not repeat a target"), spec))
                .isEqualTo("--target must not repeat a target");
        assertThat(options.explain(Problem.general("give a or b, not both"), spec)).isEqualTo("give a or b, not both");
    }
}
