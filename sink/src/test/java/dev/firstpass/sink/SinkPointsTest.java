package dev.firstpass.sink;

import static dev.firstpass.sink.SinkRecords.T;
import static dev.firstpass.sink.SinkRecords.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.Schedule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact points each kind of record becomes. */
class SinkPointsTest {

    @Test
    void anEpochEventIsOnePointWithEveryFiniteMetricAndTheEpochAtTheEventsTime() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_acc", 0.871);
        metrics.put("test_loss", Double.NaN);
        metrics.put("top-5 acc", 0.97);
        EpochEvent event = new EpochEvent("c100 sweep", "seed 3", "s&p,20", 12, 1, T, metrics, 2, Map.of("lr", "0.1"));

        assertThat(EpochPoints.of(event)).contains(new Line("training_epoch,arm=s&p\\,20,experiment=c100\\ sweep,"
                + "run_id=seed\\ 3,segment=1 test_acc=0.871,top-5\\ acc=0.97,epoch=12i 1738843200000000000", 1));
    }

    @Test
    void anEpochEventWithoutArmHasNoArmTagAndItsEpochWinsOverAMetricCalledEpoch() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("epoch", 99.0);
        metrics.put("acc", 0.5);
        EpochEvent event = new EpochEvent("e1", "r1", null, 3, 0, T, metrics, 0, Map.of());

        assertThat(EpochPoints.of(event)).contains(new Line(
                "training_epoch,experiment=e1,run_id=r1,segment=0 epoch=3i,acc=0.5 1738843200000000000", 0));
    }

    @Test
    void anAckOfAKnownCommandCarriesTheKindAndTheLatencyFromIssueToAck() {
        Command command = SinkRecords.command("cmd-7", "seed-3", T.minusMillis(1500));
        Ack ack = Ack.applied(command, 20, T);

        assertThat(InterventionPoints.of(ack, CommandInfo.of(command))).contains(new Line(
                "training_intervention,experiment=c100,kind=shrink_perturb,run_id=seed-3,status=applied"
                        + " command_id=\"cmd-7\",epoch=20i,ack_latency_ms=1500i 1738843200000000000", 0));
    }

    @Test
    void aRefusedAckOfAnUnknownCommandHasKindUnknownItsReasonAndNoEpochOrLatency() {
        Ack ack = new Ack("cmd-8", "c100", "seed-3", Ack.Status.REFUSED, null, "run \"finished\"", T);

        assertThat(InterventionPoints.of(ack, null)).contains(new Line(
                "training_intervention,experiment=c100,kind=unknown,run_id=seed-3,status=refused"
                        + " command_id=\"cmd-8\",reason=\"run \\\"finished\\\"\" 1738843200000000000", 0));
    }

    @Test
    void aStopCommandIsRecordedAsKindStop() {
        Command stop = new Command("cmd-9", "c100", "r1", PerturbationKind.WARM_RESTART, Map.of(), Schedule.stop(), T);

        assertThat(CommandInfo.of(stop)).isEqualTo(new CommandInfo("stop", T));
    }

    @Test
    void statisticsBecomeASummaryOnePointPerTauAndOnePointPerEpochOfTheSurvivalCurve() {
        List<Line> lines = StatsPoints.of(SinkRecords.stats("tau 5", T.plus(Duration.ofSeconds(1))));

        String tags = "experiment=c100,metric=test_acc,target=0.85";
        assertThat(lines).extracting(Line::text).containsExactly(
                "fpt_stats,arm=tau\\ 5," + tags + " runs=8i,censored=2i,t_qss=2i,hazard=0.25,mfpt=12.5,"
                        + "mfpt_extrapolated=true,mfpt_is_lower_bound=false,cv=0.8,t_rel=3i,tau_min=4i,tau_star=5i,"
                        + "tau_star_low=4i,tau_star_high=7i,mfpt_at_tau_star=10.5,mfpt_at_tau_star_low=9.0,"
                        + "mfpt_at_tau_star_high=12.25,recommend=true,reason=\"tau*=5 beats no perturbation\""
                        + " 1738843201000000000",
                "fpt_prediction,arm=tau\\ 5," + tags + ",tau=5 mfpt=10.5,low=9.0,high=12.25,valid=true 1738843201000000000",
                "fpt_prediction,arm=tau\\ 5," + tags + ",tau=20 valid=false 1738843201000000000",
                "fpt_survival,arm=tau\\ 5,epoch=0," + tags + " survival=1.0 1738843201000000000",
                "fpt_survival,arm=tau\\ 5,epoch=1," + tags + " survival=0.75 1738843201000000000",
                "fpt_survival,arm=tau\\ 5,epoch=2," + tags + " survival=0.5 1738843201000000000");
    }

    @Test
    void targetsAreWrittenAsPeopleWriteThem() {
        assertThat(StatsPoints.target(0.85)).isEqualTo("0.85");
        assertThat(StatsPoints.target(55.0)).isEqualTo("55");
        assertThat(StatsPoints.target(1e-7)).isEqualTo("0.0000001");
    }

    @Test
    void aDecisionIsReadGenericallyWithItsKindAsTagAndEveryScalarAsField() {
        byte[] decision = json("{\"schema\":1,\"experiment\":\"c100\",\"decision\":\"exploit\",\"run_id\":\"r1\","
                + "\"time\":\"2025-02-06T12:00:00Z\",\"tau\":20,\"prediction\":{\"mfpt\":41.5,\"low\":\"NaN\"},"
                + "\"reason\":\"interval below baseline\",\"recommend\":true,\"arms\":[1,2]}");

        assertThat(DecisionPoints.of(decision, 5L)).contains(new Line("training_decision,experiment=c100,"
                + "kind=exploit,run_id=r1 tau=20.0,prediction_mfpt=41.5,reason=\"interval below baseline\","
                + "recommend=true 1738843200000000000", 1));
    }

    @Test
    void aDecisionWithoutKindOrTimeIsADecisionAtTheRecordsTimestamp() {
        assertThat(DecisionPoints.of(json("{\"experiment\":\"c100\",\"tau\":5.5}"), 1_738_843_200_123L))
                .contains(new Line("training_decision,experiment=c100,kind=decision tau=5.5 1738843200123000000", 0));
    }

    @Test
    void aDecisionWithoutExperimentOrNotJsonIsUnreadable() {
        assertThatThrownBy(() -> DecisionPoints.of(json("{\"kind\":\"probe\"}"), 0L))
                .isInstanceOf(UnreadableRecordException.class)
                .hasMessage("experiment must be a non-empty string: null");
        assertThatThrownBy(() -> DecisionPoints.of(json("[1,2]"), 0L)).hasMessage("not a JSON object");
        assertThatThrownBy(() -> DecisionPoints.of(json("{\"experiment\":"), 0L))
                .hasMessageStartingWith("malformed JSON: ");
    }

    @Test
    void aPlateauEventIsOnePointPerChangeOfState() {
        byte[] event = json("{\"schema\":1,\"experiment\":\"c100\",\"run_id\":\"r1\",\"arm\":null,\"epoch\":40,"
                + "\"plateau\":true,\"slope\":-1.5E-4,\"p_value\":0.62,\"window\":10,\"time\":\"2025-02-06T12:00:00Z\"}");

        assertThat(PlateauPoints.of(event, 0L)).contains(new Line("training_plateau,experiment=c100,run_id=r1"
                + " plateau=true,epoch=40i,slope=-1.5e-4,p_value=0.62,window=10i 1738843200000000000", 0));
    }

    @Test
    void aPlateauEventWithoutItsStateIsUnreadable() {
        assertThatThrownBy(() -> PlateauPoints.of(json("{\"experiment\":\"c100\",\"run_id\":\"r1\"}"), 0L))
                .isInstanceOf(UnreadableRecordException.class)
                .hasMessage("plateau must be true or false: null");
    }
}
