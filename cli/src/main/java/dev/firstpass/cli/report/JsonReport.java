package dev.firstpass.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.firstpass.cli.FirstPassVersion;
import dev.firstpass.core.fpt.analysis.ArmObservation;
import dev.firstpass.core.fpt.analysis.BaselineSummary;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.Interval;
import dev.firstpass.core.fpt.analysis.PredictionPoint;
import dev.firstpass.core.fpt.analysis.TargetReport;
import dev.firstpass.core.fpt.qss.Relaxation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code --json} output of {@code firstpass analyze}: one document per analysis, field names in
 * snake_case. The records below are the schema; their components are the fields.
 *
 * <p><b>Numbers that are not finite are written as {@code null}</b>, because JSON has no NaN or
 * Infinity. A null time means either "unknown" (the data cannot say, e.g. no prediction below the
 * validity range with nothing observed) or "infinite": the runs never pass, as for a baseline whose
 * censored runs saw no passage in the quasi-steady state (then {@code hazard} is 0 and
 * {@code mfpt_is_lower_bound} is false). Times are in epochs.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new SimpleModule("finite-numbers")
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(Double.TYPE, new FiniteOrNull()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private JsonReport() {
    }

    /** The document as indented JSON text. */
    public static String toJson(ExperimentReport report, ReportSources sources) {
        try {
            return MAPPER.writeValueAsString(document(report, sources));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The whole analysis.
     *
     * @param direction    "max" (higher is better) or "min"
     * @param kind         the perturbation kind, e.g. "shrink_perturb"
     * @param probe        the probe arm, null for full resets predicted from the baseline alone
     * @param tQss         first epoch of the baseline's quasi-steady state, null when none was detected
     * @param tRel         post-kick relaxation time of the probe, null for full resets
     * @param tRelResolved false when the relaxation after kicks is not established (still relaxing at the
     *                     next kick, or too few post-kick periods)
     * @param tauMin       shortest period whose prediction is valid, null when none is
     * @param qssExplanation why t_QSS is what it is, or why there is none
     */
    public record Document(String firstpassVersion, String metric, String direction, String kind,
                           String baselinePath, int baselineRuns, Probe probe, Integer tQss, Integer tRel,
                           Boolean tRelResolved, Integer tauMin, String qssExplanation, Settings settings,
                           List<TargetJson> targets) {
    }

    /** The probe arm: its folder and kick period tau0. */
    public record Probe(String path, int tau, int runs) {
    }

    /**
     * The knobs the analysis ran with.
     *
     * @param tauMax     as requested, 0 meaning automatic
     * @param tauMaxUsed the longest period predicted
     */
    public record Settings(int bootstrap, long seed, double confidence, double alpha, int qssWindow, int minRuns,
                           int tauMax, int tauMaxUsed) {
    }

    /**
     * Everything about one target.
     *
     * @param referenceTau the probe period tau0 the predictions transfer from, null without a probe
     * @param predictions  the prediction for every tau from 1 to tau_max_used
     * @param arms         the measured arms (the probe included), by period
     * @param bestTau      tau*, the valid period with the lowest predicted MFPT; null when none
     * @param bestTauAtEdge tau* equals tau_min: shorter periods might do better but cannot be predicted
     * @param recommend    perturb at tau*: its whole interval lies below the baseline's
     * @param response     the probe's response to kicks, null for full resets or when no probe run was kicked
     * @param linearResponse the rare-kick criterion, null when the response or an exact baseline MFPT is missing
     * @param accuracy     how far valid predictions were from arms whose runs all passed
     */
    public record TargetJson(double target, Baseline baseline, Integer referenceTau, Integer tauMin,
                             List<Prediction> predictions, List<ArmJson> arms, Integer bestTau, double bestTauLow,
                             double bestTauHigh, boolean bestTauAtEdge, boolean recommend, String reason,
                             Response response, LinearResponseJson linearResponse, FullReset fullReset,
                             Accuracy accuracy) {
    }

    /**
     * The unperturbed arm's first-passage statistics.
     *
     * @param censored          runs that never reached the target
     * @param hazard            per-epoch passage hazard in the quasi-steady state; null without one
     * @param mfpt              mean first-passage time; null when infinite (never passes: hazard 0 with
     *                          censored runs) or unknown
     * @param mfptExtrapolated  the mean includes the tail beyond the last epoch, S(L)/h
     * @param mfptIsLowerBound  no quasi-steady state: the mean stops at the last epoch and only bounds the MFPT
     * @param cv                coefficient of variation of the first-passage time; null when unknown
     */
    public record Baseline(int runs, int censored, Integer tQss, double hazard, double mfpt, double mfptLow,
                           double mfptHigh, boolean mfptExtrapolated, boolean mfptIsLowerBound, double cv) {
    }

    /**
     * The predicted MFPT with kicks every {@code tau} epochs.
     *
     * @param mfpt              null when infinite (never passes) or when the data cannot say
     * @param valid             tau lies in the validity range and the prediction is finite
     * @param extrapolatedShare share of the prediction resting on extrapolated survival tails, 0 to 1
     */
    public record Prediction(int tau, double mfpt, double low, double high, boolean valid, double extrapolatedShare) {
    }

    /**
     * A measured arm beside the prediction for its period.
     *
     * @param observedMfpt          mean first-passage time of its runs; with censored runs the
     *                              Kaplan-Meier mean up to the last epoch, a lower bound
     * @param relativeError         (predicted - observed) / observed; null unless both are exact numbers
     * @param probe                 the predictions were fitted on this arm
     */
    public record ArmJson(String name, int tau, int runs, int censored, double observedMfpt,
                          boolean observedIsLowerBound, double predictedMfpt, double predictedLow,
                          double predictedHigh, boolean valid, double relativeError, boolean probe) {
    }

    /**
     * How the probe responded to its kicks.
     *
     * @param meanKicks              mean N, kicks before passage; null when no period ended in passage
     * @param meanResidual           mean U, epochs after the last kick
     * @param meanSingleKickResponse mean T_I, epochs from one kick to passage
     * @param relaxedHazard          per-epoch hazard once relaxed after a kick; null when unobserved
     */
    public record Response(int period, int tRel, boolean relaxationResolved, int periods, int passages,
                           int kickedRuns, int censoredRuns, double meanKicks, double meanResidual,
                           double meanSingleKickResponse, double relaxedHazard) {
    }

    /**
     * The linear response to rare Poisson kicks.
     *
     * @param slope     d&lt;T_r&gt;/dr at r = 0; negative when rare kicks help
     * @param threshold &lt;T^2&gt;/(2&lt;T&gt;), the mean response time a kick must beat
     */
    public record LinearResponseJson(double slope, double threshold, double meanResponse, boolean helps) {
    }

    /** Periodic full resets, predicted from the baseline alone (rare ones help only when cv &gt; 1). */
    public record FullReset(double cv, Integer bestTau, double bestMfpt) {
    }

    /** Mean absolute relative error of valid predictions over arms with no censored runs; null when no arm qualifies. */
    public record Accuracy(int arms, double meanAbsoluteRelativeError) {
    }

    static Document document(ExperimentReport report, ReportSources sources) {
        var input = report.input();
        var settings = report.settings();
        int tauMaxUsed = report.targets().isEmpty() ? settings.tauMax() : report.targets().get(0).predictions().size();
        Probe probe = input.probe()
                .map(arm -> new Probe(sources.probe().map(Object::toString).orElse(arm.name()), arm.period().getAsInt(),
                        arm.runs().size()))
                .orElse(null);
        Optional<Relaxation> relaxation = report.relaxation();
        return new Document(FirstPassVersion.projectVersion(), input.metric(), input.direction().label(),
                ExperimentSection.kindName(report), sources.baseline().toString(), input.baseline().runs().size(), probe,
                boxed(report.qss().tQss()), relaxation.map(Relaxation::tRel).orElse(null),
                relaxation.map(Relaxation::resolved).orElse(null), boxed(report.tauMin()), report.qss().explanation(),
                new Settings(settings.bootstrapResamples(), settings.seed(), settings.confidence(),
                        settings.qss().alpha(), settings.qss().window(), settings.qss().minRuns(), settings.tauMax(),
                        tauMaxUsed),
                report.targets().stream().map(target -> target(report, target)).toList());
    }

    private static TargetJson target(ExperimentReport report, TargetReport target) {
        int probePeriod = report.input().probePeriod();
        BaselineSummary baseline = target.baseline();
        Baseline baselineJson = new Baseline(baseline.runs(), baseline.censored(), boxed(baseline.tQss()),
                baseline.hazard(), baseline.mfpt(), baseline.mfptInterval().low(), baseline.mfptInterval().high(),
                baseline.mfptExtrapolated(), baseline.mfptIsLowerBound(), baseline.cv());
        List<Prediction> predictions = target.predictions().stream()
                .map(point -> new Prediction(point.tau(), point.mfpt(), point.interval().low(), point.interval().high(),
                        point.valid(), point.extrapolatedShare()))
                .toList();
        List<ArmJson> arms = target.arms().stream().map(arm -> arm(target, arm)).toList();
        Response response = target.response()
                .map(r -> new Response(r.period(), r.tRel(), r.relaxationResolved(), r.periods(), r.passages(),
                        r.kickedRuns(), r.censoredRuns(), r.meanKicks(), r.meanResidual(), r.meanSingleKickResponse(),
                        r.relaxedHazard()))
                .orElse(null);
        LinearResponseJson linear = target.linearResponse()
                .map(l -> new LinearResponseJson(l.slope(), l.threshold(), l.meanResponse(), l.helps()))
                .orElse(null);
        var fullReset = target.fullReset();
        PredictionAccuracy accuracy = PredictionAccuracy.of(target);
        return new TargetJson(target.target().threshold(), baselineJson, probePeriod > 0 ? probePeriod : null,
                boxed(target.tauMin()), predictions, arms, boxed(target.bestTau()), target.bestTauInterval().low(),
                target.bestTauInterval().high(), target.bestTauAtEdge(), target.recommend(), target.reason(), response,
                linear, new FullReset(fullReset.cv(), boxed(fullReset.bestTau()), fullReset.bestMfpt()),
                new Accuracy(accuracy.arms(), accuracy.meanAbsoluteRelativeError()));
    }

    private static ArmJson arm(TargetReport target, ArmObservation arm) {
        Interval interval = target.predictionAt(arm.tau()).map(PredictionPoint::interval).orElse(Interval.UNKNOWN);
        return new ArmJson(arm.name(), arm.tau(), arm.runs(), arm.censored(), arm.observedMfpt(),
                arm.observedIsLowerBound(), arm.predictedMfpt(), interval.low(), interval.high(), arm.predictionValid(),
                arm.relativeError(), arm.probe());
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    /** JSON has no NaN or Infinity: a number that is not finite is written as null. */
    private static final class FiniteOrNull extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                generator.writeNull();
            } else {
                generator.writeNumber(value);
            }
        }
    }
}
