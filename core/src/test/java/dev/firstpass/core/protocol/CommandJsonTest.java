package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandJsonTest {

    private static final Instant ISSUED = Instant.parse("2024-05-01T12:00:00Z");

    private static Command command(PerturbationKind kind, Map<String, Double> params, Schedule schedule) {
        return new Command("cmd-1", "cifar", "run-7", kind, params, schedule, ISSUED);
    }

    private static String json(String kind, String params, String schedule) {
        return "{\"schema\":1,\"command_id\":\"cmd-1\",\"experiment\":\"cifar\",\"run_id\":\"run-7\","
                + "\"kind\":\"" + kind + "\",\"params\":" + params + ",\"schedule\":" + schedule + ","
                + "\"issued_at\":\"2024-05-01T12:00:00Z\",\"arm\":null}";
    }

    private static String rejection(String json) {
        try {
            ProtocolJson.parseCommand(json);
        } catch (InvalidRecordException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void writesShrinkPerturbWithDefaultsFilledInAndPeriodicSchedule() {
        Command command = command(PerturbationKind.SHRINK_PERTURB, Map.of(), Schedule.every(5).fromEpoch(10));

        assertThat(ProtocolJson.write(command)).isEqualTo(json("shrink_perturb",
                "{\"shrink\":0.4,\"perturb\":0.1}", "{\"type\":\"periodic\",\"every\":5,\"from_epoch\":10}"));
    }

    @Test
    void readsAbsentShrinkPerturbParamsAsTheDefaults() {
        Command read = ProtocolJson.parseCommand(json("shrink_perturb", "{\"shrink\":0.6}", "{\"type\":\"next_epoch\"}"));

        assertThat(read.params()).containsExactly(Map.entry("shrink", 0.6), Map.entry("perturb", 0.1));
        assertThat(read.schedule()).isEqualTo(Schedule.nextEpoch());
    }

    @Test
    void roundTripsEveryKind() {
        Command[] commands = {
            command(PerturbationKind.SHRINK_PERTURB, Map.of("shrink", 1.0, "perturb", 0.0), Schedule.nextEpoch()),
            command(PerturbationKind.PARTIAL_RESET, Map.of("fraction", 0.25), Schedule.every(3).fromEpoch(1)),
            command(PerturbationKind.FULL_RESET, null, Schedule.nextEpoch()),
            command(PerturbationKind.WARM_RESTART, Map.of(), Schedule.every(1).fromEpoch(20)),
            command(PerturbationKind.WEIGHT_NOISE, Map.of("sigma", 0.01), Schedule.nextEpoch()),
        };
        for (Command command : commands) {
            assertThat(ProtocolJson.parseCommand(ProtocolJson.writeBytes(command))).isEqualTo(command);
        }
    }

    @Test
    void aStopScheduleAndAnArmAssignmentRoundTrip() {
        Command stop = new Command("cmd-2", "cifar", "run-7", PerturbationKind.SHRINK_PERTURB, Map.of(),
                Schedule.stop(), Instant.parse("2024-05-01T12:00:00Z"), "probe-20");
        String json = ProtocolJson.write(stop);
        assertThat(json).contains("\"schedule\":{\"type\":\"stop\"}").endsWith(",\"arm\":\"probe-20\"}");
        assertThat(ProtocolJson.parseCommand(json)).isEqualTo(stop);
    }

    @Test
    void writesNextEpochScheduleAsItsTypeOnly() {
        Command command = command(PerturbationKind.FULL_RESET, null, Schedule.nextEpoch());

        assertThat(ProtocolJson.write(command)).isEqualTo(json("full_reset", "{}", "{\"type\":\"next_epoch\"}"));
    }

    @Test
    void rejectsShrinkOutOfRange() {
        assertThat(rejection(json("shrink_perturb", "{\"shrink\":1.5}", "{\"type\":\"next_epoch\"}")))
                .isEqualTo("shrink_perturb parameter 'shrink' must be in (0, 1]: 1.5");
    }

    @Test
    void rejectsZeroShrinkBuiltInCode() {
        assertThatThrownBy(() -> command(PerturbationKind.SHRINK_PERTURB, Map.of("shrink", 0.0), Schedule.nextEpoch()))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("shrink_perturb parameter 'shrink' must be in (0, 1]: 0.0");
    }

    @Test
    void rejectsNonNumericParam() {
        assertThat(rejection(json("weight_noise", "{\"sigma\":\"big\"}", "{\"type\":\"next_epoch\"}")))
                .isEqualTo("weight_noise parameter 'sigma' must be a number: \"big\"");
    }

    @Test
    void rejectsPartialResetWithoutFraction() {
        assertThat(rejection(json("partial_reset", "{}", "{\"type\":\"next_epoch\"}")))
                .isEqualTo("partial_reset parameter 'fraction' is required");
    }

    @Test
    void rejectsWeightNoiseWithoutPositiveSigma() {
        assertThat(rejection(json("weight_noise", "{\"sigma\":0}", "{\"type\":\"next_epoch\"}")))
                .isEqualTo("weight_noise parameter 'sigma' must be greater than 0: 0.0");
    }

    @Test
    void rejectsParamsThatTheKindDoesNotTake() {
        assertThat(rejection(json("full_reset", "{\"fraction\":0.5}", "{\"type\":\"next_epoch\"}")))
                .isEqualTo("full_reset does not take parameter 'fraction' (takes none)");
        assertThat(rejection(json("shrink_perturb", "{\"shrnk\":0.5}", "{\"type\":\"next_epoch\"}")))
                .isEqualTo("shrink_perturb does not take parameter 'shrnk' (takes shrink, perturb)");
    }

    @Test
    void rejectsUnknownKindListingTheKnownOnes() {
        assertThat(rejection(json("dropout", "{}", "{\"type\":\"next_epoch\"}")))
                .isEqualTo("kind must be one of shrink_perturb, partial_reset, full_reset, warm_restart, "
                        + "weight_noise: \"dropout\"");
    }

    @Test
    void rejectsPeriodicScheduleEveryZero() {
        assertThat(rejection(json("warm_restart", "{}", "{\"type\":\"periodic\",\"every\":0,\"from_epoch\":1}")))
                .isEqualTo("schedule.every must be at least 1: 0");
    }

    @Test
    void rejectsPeriodicScheduleEveryZeroBuiltInCode() {
        assertThatThrownBy(() -> Schedule.every(0).fromEpoch(0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("schedule.every must be at least 1: 0; schedule.from_epoch must be at least 1: 0");
    }

    @Test
    void rejectsPeriodicScheduleWithoutFromEpoch() {
        assertThat(rejection(json("warm_restart", "{}", "{\"type\":\"periodic\",\"every\":4}")))
                .isEqualTo("schedule.from_epoch is required");
    }

    @Test
    void rejectsUnknownScheduleType() {
        assertThat(rejection(json("warm_restart", "{}", "{\"type\":\"hourly\"}")))
                .isEqualTo("schedule.type must be next_epoch, periodic or stop: \"hourly\"");
    }

    @Test
    void reportsProblemsOfBodyParamsAndScheduleTogether() {
        String json = json("shrink_perturb", "{\"shrink\":2,\"perturb\":-1}",
                "{\"type\":\"periodic\",\"every\":0,\"from_epoch\":\"soon\"}").replace("\"cmd-1\"", "\"\"");

        assertThat(rejection(json)).isEqualTo("schedule.from_epoch must be an integer: \"soon\"; "
                + "schedule.every must be at least 1: 0; "
                + "command_id must not be blank: \"\"; "
                + "shrink_perturb parameter 'shrink' must be in (0, 1]: 2.0; "
                + "shrink_perturb parameter 'perturb' must be at least 0: -1.0");
    }

    @Test
    void describesEachKindsParameters() {
        assertThat(PerturbationKind.SHRINK_PERTURB.parameterNames()).containsExactly("shrink", "perturb");
        assertThat(PerturbationKind.SHRINK_PERTURB.defaults())
                .containsExactly(Map.entry("shrink", 0.4), Map.entry("perturb", 0.1));
        assertThat(PerturbationKind.PARTIAL_RESET.defaults()).isEmpty();
        assertThat(PerturbationKind.WARM_RESTART.parameterNames()).isEmpty();
    }
}
