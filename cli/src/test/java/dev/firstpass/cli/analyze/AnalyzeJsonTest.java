package dev.firstpass.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.SyntheticExperiment;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.Arm;
import dev.firstpass.core.fpt.analysis.ArmObservation;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FirstPassageAnalysis;
import dev.firstpass.core.fpt.analysis.PredictionPoint;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.analysis.TargetReport;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.recording.RecordingFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeJsonTest {
    private static final int RESAMPLES = 100;
    private static final long SEED = 11L;

    @TempDir
    static Path dir;

    private static Path baseline;
    private static Path probe;
    private static Path kick30;
    private static Path kick45;
    private static JsonNode json;
    private static String jsonText;
    private static ExperimentReport expected;

    @BeforeAll
    static void analyzeSyntheticExperimentThroughTheCommandLineAndTheCore() throws Exception {
        SyntheticExperiment experiment = new SyntheticExperiment(7L);
        baseline = experiment.writeBaseline(dir.resolve("baseline"));
        probe = experiment.writeKickedArm(dir.resolve("kick20"), 20);
        kick30 = experiment.writeKickedArm(dir.resolve("kick30"), 30);
        kick45 = experiment.writeKickedArm(dir.resolve("every_45_epochs"), 45);

        CliRun run = CliRun.execute("analyze", "--baseline", baseline.toString(), "--probe", probe.toString(),
                "--arm", kick30.toString(), "--arm", kick45 + ":45", "--metric", "acc", "--target", "55,58",
                "--bootstrap-resamples", String.valueOf(RESAMPLES), "--seed", String.valueOf(SEED), "--json", "--quiet");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        jsonText = run.out();
        json = new ObjectMapper().readTree(jsonText);

        ExperimentInput input = new ExperimentInput("acc", Direction.MAX, PerturbationKind.SHRINK_PERTURB,
                Arm.unperturbed("baseline", RecordingFiles.readArm(baseline, "acc")),
                Optional.of(Arm.kickedEvery(20, "kick20", RecordingFiles.readArm(probe, "acc"))),
                List.of(Arm.kickedEvery(30, "kick30", RecordingFiles.readArm(kick30, "acc")),
                        Arm.kickedEvery(45, "every_45_epochs", RecordingFiles.readArm(kick45, "acc"))));
        AnalysisSettings settings = new AnalysisSettings(QssSettings.defaults(), RESAMPLES, 0.95, SEED, 0);
        expected = FirstPassageAnalysis.analyze(input, List.of(Target.atLeast(55), Target.atLeast(58)), settings,
                ProgressListener.SILENT);
    }

    @Test
    void experimentFieldsDescribeInputsSteadyStateAndSettings() {
        assertThat(json.get("metric").asText()).isEqualTo("acc");
        assertThat(json.get("direction").asText()).isEqualTo("max");
        assertThat(json.get("kind").asText()).isEqualTo("shrink_perturb");
        assertThat(json.get("probe").get("path").asText()).isEqualTo(probe.toString());
        assertThat(json.get("probe").get("tau").asInt()).isEqualTo(20);
        assertThat(json.get("baseline_runs").asInt()).isEqualTo(SyntheticExperiment.RUNS);
        assertThat(json.get("t_qss").asInt()).isEqualTo(expected.qss().tQss().getAsInt());
        assertThat(json.get("t_rel").asInt()).isEqualTo(expected.relaxation().orElseThrow().tRel());
        assertThat(json.get("tau_min").asInt()).isEqualTo(expected.tauMin().getAsInt());
        assertThat(json.get("qss_explanation").asText()).isEqualTo(expected.qss().explanation());
        JsonNode settings = json.get("settings");
        assertThat(settings.get("bootstrap").asInt()).isEqualTo(RESAMPLES);
        assertThat(settings.get("seed").asLong()).isEqualTo(SEED);
        assertThat(settings.get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(settings.get("alpha").asDouble()).isEqualTo(0.05);
        assertThat(settings.get("qss_window").asInt()).isEqualTo(10);
        assertThat(settings.get("min_runs").asInt()).isEqualTo(QssSettings.DEFAULT_MIN_RUNS);
        assertThat(settings.get("tau_max").asInt()).isZero();
        assertThat(settings.get("tau_max_used").asInt()).isEqualTo(SyntheticExperiment.EPOCHS);
    }

    @Test
    void baselineFieldsEqualWhatTheAnalysisReturns() {
        for (int i = 0; i < expected.targets().size(); i++) {
            TargetReport target = expected.targets().get(i);
            JsonNode node = json.get("targets").get(i);
            assertThat(node.get("target").asDouble()).isEqualTo(target.target().threshold());
            JsonNode baselineNode = node.get("baseline");
            var baselineSummary = target.baseline();
            assertThat(baselineNode.get("runs").asInt()).isEqualTo(baselineSummary.runs());
            assertThat(baselineNode.get("censored").asInt()).isEqualTo(baselineSummary.censored());
            assertThat(baselineNode.get("t_qss").asInt()).isEqualTo(baselineSummary.tQss().getAsInt());
            assertNumber(baselineNode.get("hazard"), baselineSummary.hazard());
            assertNumber(baselineNode.get("mfpt"), baselineSummary.mfpt());
            assertNumber(baselineNode.get("mfpt_low"), baselineSummary.mfptInterval().low());
            assertNumber(baselineNode.get("mfpt_high"), baselineSummary.mfptInterval().high());
            assertThat(baselineNode.get("mfpt_extrapolated").asBoolean()).isEqualTo(baselineSummary.mfptExtrapolated());
            assertThat(baselineNode.get("mfpt_is_lower_bound").asBoolean()).isEqualTo(baselineSummary.mfptIsLowerBound());
            assertNumber(baselineNode.get("cv"), baselineSummary.cv());
            assertThat(node.get("reference_tau").asInt()).isEqualTo(20);
            assertThat(node.get("tau_min").asInt()).isEqualTo(target.tauMin().getAsInt());
        }
    }

    @Test
    void predictionsCoverEveryPeriodAndEqualWhatTheAnalysisReturns() {
        for (int i = 0; i < expected.targets().size(); i++) {
            TargetReport target = expected.targets().get(i);
            JsonNode predictions = json.get("targets").get(i).get("predictions");
            assertThat(predictions).hasSize(SyntheticExperiment.EPOCHS);
            for (int tau = 1; tau <= SyntheticExperiment.EPOCHS; tau++) {
                PredictionPoint point = target.predictionAt(tau).orElseThrow();
                JsonNode node = predictions.get(tau - 1);
                assertThat(node.get("tau").asInt()).isEqualTo(tau);
                assertNumber(node.get("mfpt"), point.mfpt());
                assertNumber(node.get("low"), point.interval().low());
                assertNumber(node.get("high"), point.interval().high());
                assertThat(node.get("valid").asBoolean()).isEqualTo(point.valid());
                assertNumber(node.get("extrapolated_share"), point.extrapolatedShare());
            }
            assertThat(predictions.get(target.tauMin().getAsInt() - 2).get("valid").asBoolean()).isFalse();
        }
    }

    @Test
    void measuredArmsAndDecisionEqualWhatTheAnalysisReturns() {
        for (int i = 0; i < expected.targets().size(); i++) {
            TargetReport target = expected.targets().get(i);
            JsonNode node = json.get("targets").get(i);
            JsonNode arms = node.get("arms");
            assertThat(arms).hasSize(3);
            for (int a = 0; a < target.arms().size(); a++) {
                ArmObservation arm = target.arms().get(a);
                JsonNode armNode = arms.get(a);
                assertThat(armNode.get("name").asText()).isEqualTo(arm.name());
                assertThat(armNode.get("tau").asInt()).isEqualTo(arm.tau());
                assertThat(armNode.get("runs").asInt()).isEqualTo(arm.runs());
                assertThat(armNode.get("censored").asInt()).isEqualTo(arm.censored());
                assertNumber(armNode.get("observed_mfpt"), arm.observedMfpt());
                assertThat(armNode.get("observed_is_lower_bound").asBoolean()).isEqualTo(arm.observedIsLowerBound());
                assertNumber(armNode.get("predicted_mfpt"), arm.predictedMfpt());
                assertThat(armNode.get("valid").asBoolean()).isEqualTo(arm.predictionValid());
                assertNumber(armNode.get("relative_error"), arm.relativeError());
            }
            assertThat(arms.findValuesAsText("name")).containsExactly("kick20", "kick30", "every_45_epochs");
            assertThat(node.get("best_tau").asInt()).isEqualTo(target.bestTau().getAsInt());
            assertNumber(node.get("best_tau_low"), target.bestTauInterval().low());
            assertNumber(node.get("best_tau_high"), target.bestTauInterval().high());
            assertThat(node.get("best_tau_at_edge").asBoolean()).isEqualTo(target.bestTauAtEdge());
            assertThat(node.get("recommend").asBoolean()).isEqualTo(target.recommend());
            assertThat(node.get("reason").asText()).isEqualTo(target.reason());
            var response = target.response().orElseThrow();
            assertNumber(node.get("response").get("mean_kicks"), response.meanKicks());
            assertNumber(node.get("response").get("mean_residual"), response.meanResidual());
            assertNumber(node.get("response").get("mean_single_kick_response"), response.meanSingleKickResponse());
            assertNumber(node.get("linear_response").get("slope"), target.linearResponse().orElseThrow().slope());
            assertNumber(node.get("full_reset").get("cv"), target.fullReset().cv());
            assertThat(node.get("full_reset").get("best_tau").asInt()).isEqualTo(target.fullReset().bestTau().getAsInt());
        }
    }

    @Test
    void jsonHoldsNoNonFiniteNumbers() {
        assertThat(jsonText).doesNotContain("NaN").doesNotContain("Infinity");
    }

    /** A finite value must be written exactly; anything else as null. */
    private static void assertNumber(JsonNode node, double expectedValue) {
        if (Double.isFinite(expectedValue)) {
            assertThat(node.isNumber()).as("%s is a number", node).isTrue();
            assertThat(node.asDouble()).isEqualTo(expectedValue);
        } else {
            assertThat(node.isNull()).as("%s is null for %s", node, expectedValue).isTrue();
        }
    }
}
