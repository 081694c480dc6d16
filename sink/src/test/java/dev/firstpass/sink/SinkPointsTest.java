package dev.firstpass.sink;

import static dev.firstpass.sink.SinkRecords.T;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.PlateauEvent;
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
    void aCommandDecisionIsOnePointWithItsTypeAsKindItsCommandAndEvidenceFlattenedAndNumbersAsFloats() {
        assertThat(DecisionPoints.of(SinkRecords.commandDecision(T))).contains(new Line("training_decision,"
                + "arm=exploit-20,experiment=c100,kind=command_issued,run_id=r1 sequence=7.0,phase=\"exploit\",tau=20.0,"
                + "epoch=41.0,command_id=\"c100/r1/1-exploit-20\",command_kind=\"shrink_perturb\","
                + "command_params_shrink=0.4,command_params_perturb=0.1,command_schedule_type=\"periodic\","
                + "command_schedule_every=20.0,command_schedule_from_epoch=41.0,"
                + "command_issued_at=\"2025-02-06T12:00:00Z\",dry_run=false,evidence_stats_arm=\"probe-10\","
                + "evidence_target=0.85,evidence_stats_time=\"2025-02-06T11:59:58Z\",evidence_runs=12.0,"
                + "evidence_t_qss=17.0,evidence_tau_min=18.0,evidence_tau_star=20.0,evidence_tau_star_low=18.0,"
                + "evidence_tau_star_high=25.0,evidence_predicted_mfpt=41.5,evidence_predicted_low=38.0,"
                + "evidence_baseline_mfpt=52.0,evidence_baseline_is_lower_bound=false,evidence_recommend=true,"
                + "evidence_monitor_reason=\"perturb: shrink_perturb every 20 epochs\","
                + "reason=\"kick every 20 epochs from epoch 41\" 1738843200000000000", 1));
    }

    @Test
    void aPhaseChangeHasNoRunTagAndOnlyTheFieldsItStates() {
        assertThat(DecisionPoints.of(SinkRecords.phaseDecision(T.plusMillis(123)))).contains(new Line(
                "training_decision,experiment=c100,kind=phase_changed sequence=1.0,phase=\"probe\",tau=5.0,"
                        + "dry_run=false,reason=\"the baseline is quasi-steady\" 1738843200123000000", 0));
    }

    @Test
    void aPlateauEventIsOnePointPerChangeOfState() {
        assertThat(PlateauPoints.of(SinkRecords.plateau(null, T))).contains(new Line("training_plateau,experiment=c100,"
                + "run_id=r1 plateau=true,epoch=40i,slope=-1.5e-4,p_value=0.62,window=10i 1738843200000000000", 0));
    }

    @Test
    void aPlateauEventWhoseSlopeIsUnknownHasNoSlopeOrPValue() {
        PlateauEvent leaving = new PlateauEvent("c100", "r1", "a", 41, false, null, null, 10, T);

        assertThat(PlateauPoints.of(leaving)).contains(new Line("training_plateau,arm=a,experiment=c100,run_id=r1"
                + " plateau=false,epoch=41i,window=10i 1738843200000000000", 0));
    }
}
