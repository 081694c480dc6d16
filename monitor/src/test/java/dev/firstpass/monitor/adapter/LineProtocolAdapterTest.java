package dev.firstpass.monitor.adapter;

import static dev.firstpass.monitor.adapter.Records.RECORD_TIME;
import static dev.firstpass.monitor.adapter.Records.adapt;
import static dev.firstpass.monitor.adapter.Records.event;
import static dev.firstpass.monitor.adapter.Records.rejection;
import static dev.firstpass.monitor.adapter.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.WireMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineProtocolAdapterTest {

    private static final Instant NOON = Instant.parse("2024-05-01T12:00:00Z");

    /** Run id from tag run_id, experiment from tag experiment, epoch from field epoch, the rest metrics. */
    private static final EpochEventAdapter DEFAULTS = EpochEventAdapters.lineProtocol(
            LineProtocolMapping.forExperiment(ValueSource.lookup("experiment")));

    private static List<String> violations(EpochEventAdapter adapter, String lines) {
        return rejection(adapter, null, lines).violations();
    }

    private static List<String> violations(String lines) {
        return violations(DEFAULTS, lines);
    }

    @Test
    void readsTelegrafStyleLineWithEscapesInMeasurementTagsAndFieldKeys() {
        EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.lookup("experiment"))
                .withMeasurements(Set.of("training metrics"))
                .withArm(ValueSource.lookup("host=name")));

        String line = "training\\ metrics,run_id=run\\,7,experiment=cifar\\ 100,host\\=name=gpu\\=1 "
                + "loss=0.25,val\\ acc=0.8125,top\\,k\\=5=0.99,epoch=12i 1714564800000000000";

        assertThat(adapt(adapter, null, line)).containsExactly(event("cifar 100", "run,7", "gpu=1", 12, NOON,
                "loss", 0.25, "val acc", 0.8125, "top,k=5", 0.99));
    }

    @Test
    void keepsABackslashBeforeAnOrdinaryCharacterAsWritten() {
        String line = "m,run_id=C:\\runs\\7,experiment=e\\\\x epoch=1i,a\\b=1";

        assertThat(adapt(DEFAULTS, null, line))
                .containsExactly(event("e\\\\x", "C:\\runs\\7", null, 1, RECORD_TIME, "a\\b", 1));
    }

    @Test
    void readsPastQuotedStringsHoldingSpacesCommasEqualsAndEscapedQuotes() {
        String line = "m,run_id=r,experiment=e note=\"a b, c=d \\\"quoted\\\" back\\\\slash\",epoch=2i,"
                + "msg=\"x\\y\",loss=0.5 1714564800000000000";

        assertThat(adapt(DEFAULTS, null, line)).containsExactly(event("e", "r", null, 2, NOON, "loss", 0.5));
    }

    @Test
    void takesFloatIntegerAndUnsignedFieldsAsMetricsAndIgnoresBooleansAndStrings() {
        String line = "m,run_id=r,experiment=e epoch=3u,f=1.5,neg=-2i,big=18446744073709551615u,sci=1e-3,"
                + "exp=-1.25E+2,dot=.5,whole=7,yes=t,no=FALSE,on=True,s=\"4\"";

        assertThat(adapt(DEFAULTS, null, line)).containsExactly(event("e", "r", null, 3, RECORD_TIME,
                "f", 1.5, "neg", -2, "big", 1.8446744073709552E19, "sci", 0.001, "exp", -125, "dot", 0.5, "whole", 7));
    }

    @Test
    void acceptsEveryBooleanSpellingOfTheReference() {
        String line = "m,run_id=r,experiment=e epoch=1i,loss=1,a=t,b=T,c=true,d=True,e=TRUE,"
                + "f=f,g=F,h=false,i=False,j=FALSE";

        assertThat(adapt(DEFAULTS, null, line)).containsExactly(event("e", "r", null, 1, RECORD_TIME, "loss", 1));
    }

    @Test
    void readsTimestampsInEachPrecision() {
        assertThat(timeAt(ChronoUnit.NANOS, "1714564800123456789")).isEqualTo("2024-05-01T12:00:00.123456789Z");
        assertThat(timeAt(ChronoUnit.MICROS, "1714564800123456")).isEqualTo("2024-05-01T12:00:00.123456Z");
        assertThat(timeAt(ChronoUnit.MILLIS, "1714564800123")).isEqualTo("2024-05-01T12:00:00.123Z");
        assertThat(timeAt(ChronoUnit.SECONDS, "1714564800")).isEqualTo("2024-05-01T12:00:00Z");
    }

    @Test
    void readsTimestampsBeforeTheEpoch() {
        assertThat(timeAt(ChronoUnit.MICROS, "-1")).isEqualTo("1969-12-31T23:59:59.999999Z");
        assertThat(timeAt(ChronoUnit.NANOS, "-1500000000")).isEqualTo("1969-12-31T23:59:58.500Z");
    }

    private static String timeAt(ChronoUnit precision, String timestamp) {
        EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.lookup("experiment")).withPrecision(precision));
        return adapt(adapter, null, "m,run_id=r,experiment=e epoch=1i,loss=1 " + timestamp).get(0).time().toString();
    }

    @Test
    void usesTheRecordTimestampForAPointWithout() {
        assertThat(adapt(DEFAULTS, null, "m,run_id=r,experiment=e epoch=1i,loss=1").get(0).time())
                .isEqualTo(RECORD_TIME);
    }

    @Test
    void readsEveryLineOfARecordSkippingOtherMeasurementsCommentsAndBlankLines() {
        EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.lookup("experiment")).withMeasurements(Set.of("train", "eval")));

        String record = "# written by telegraf\n"
                + "cpu,host=a usage_idle=97.5 1714564800000000000\n"
                + "\n"
                + "train,run_id=r1,experiment=e epoch=1i,loss=0.9 1714564800000000000\r\n"
                + "   \t\n"
                + "  # indented comment\n"
                + "  eval,run_id=r2,experiment=e epoch=1i,acc=0.4   1714564800000000000   \n"
                + "disk,broken";

        assertThat(adapt(adapter, null, record)).containsExactly(
                event("e", "r1", null, 1, NOON, "loss", 0.9),
                event("e", "r2", null, 1, NOON, "acc", 0.4));
    }

    @Test
    void takesRunIdFromRecordKeyExperimentFromConstantAndArmFromTag() {
        EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.constant("sweep"))
                .withRunId(ValueSource.recordKey())
                .withArm(ValueSource.lookup("arm")));

        assertThat(adapt(adapter, "run-9", "m,arm=tau-5 epoch=2i,loss=0.1\nm epoch=3i,loss=0.2")).containsExactly(
                event("sweep", "run-9", "tau-5", 2, RECORD_TIME, "loss", 0.1),
                event("sweep", "run-9", null, 3, RECORD_TIME, "loss", 0.2));
    }

    @Test
    void takesOnlyTheListedMetricFieldsInListedOrder() {
        EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.lookup("experiment"))
                .withEpochField("step")
                .withMetricFields(List.of("acc", "loss")));

        assertThat(adapt(adapter, null, "m,run_id=r,experiment=e step=4,loss=0.2,lr=0.1,acc=0.7"))
                .containsExactly(event("e", "r", null, 4, RECORD_TIME, "acc", 0.7, "loss", 0.2));
    }

    @Test
    void acceptsAnIntegralFloatEpochAsAgentsWriteEveryNumberAsFloat() {
        assertThat(adapt(DEFAULTS, null, "m,run_id=r,experiment=e epoch=3,loss=1").get(0).epoch()).isEqualTo(3);
        assertThat(adapt(DEFAULTS, null, "m,run_id=r,experiment=e epoch=4.0,loss=1").get(0).epoch()).isEqualTo(4);
    }

    @Test
    void aTombstoneOrARecordOfOnlyCommentsCarriesNoEvents() {
        assertThat(DEFAULTS.adapt(null, null, RECORD_TIME)).isEmpty();
        assertThat(adapt(DEFAULTS, null, "")).isEmpty();
        assertThat(adapt(DEFAULTS, null, "# nothing\n\n")).isEmpty();
    }

    @Test
    void rejectsUnterminatedStringAtTheColumnOfItsOpeningQuote() {
        String record = "train,run_id=r1,experiment=e epoch=1i,loss=1\n"
                + "train,run_id=r1,experiment=e epoch=1i,s=\"oops, loss=2";

        assertThat(violations(record)).containsExactly("line 2: unterminated string field value at column 41");
        assertThat(violations("m s=\"ends in escaped quote\\\"")).containsExactly(
                "line 1: unterminated string field value at column 5");
    }

    @Test
    void rejectsEachSyntaxErrorWithLineAndColumn() {
        assertThat(violations(",t=v f=1")).containsExactly("line 1: missing measurement at column 1");
        assertThat(violations("m,=v f=1")).containsExactly("line 1: missing tag key at column 3");
        assertThat(violations("m, f=1")).containsExactly("line 1: missing tag key at column 3");
        assertThat(violations("m,host f=1")).containsExactly("line 1: missing '=' after tag key 'host' at column 7");
        assertThat(violations("m,host= f=1")).containsExactly("line 1: missing value for tag 'host' at column 8");
        assertThat(violations("m,host=a=b f=1"))
                .containsExactly("line 1: unescaped '=' in value of tag 'host' at column 9");
        assertThat(violations("m,host=a,host=b f=1")).containsExactly("line 1: duplicate tag key 'host' at column 10");
        assertThat(violations("m")).containsExactly("line 1: missing field set at column 2");
        assertThat(violations("m,t=v  ")).containsExactly("line 1: missing field set at column 8");
        assertThat(violations("m =1")).containsExactly("line 1: missing field key at column 3");
        assertThat(violations("m a=1,")).containsExactly("line 1: missing field key at column 7");
        assertThat(violations("m a=1, b=2")).containsExactly("line 1: missing field key at column 7");
        assertThat(violations("m loss 1")).containsExactly("line 1: missing '=' after field key 'loss' at column 7");
        assertThat(violations("m loss=")).containsExactly("line 1: missing value for field 'loss' at column 8");
        assertThat(violations("m loss=,a=1")).containsExactly("line 1: missing value for field 'loss' at column 8");
        assertThat(violations("m a=1,a=2")).containsExactly("line 1: duplicate field key 'a' at column 7");
        assertThat(violations("m s=\"x\"y=1")).containsExactly(
                "line 1: unexpected character 'y' after value of field 's' at column 8");
    }

    @Test
    void rejectsFieldValuesOfNoLineProtocolType() {
        String rule = " is not a float, integer, unsigned integer, boolean or string at column 8: ";
        assertThat(violations("m loss=abc")).containsExactly("line 1: value of field 'loss'" + rule + "abc");
        assertThat(violations("m loss=1.5i")).containsExactly("line 1: value of field 'loss'" + rule + "1.5i");
        assertThat(violations("m loss=-3u")).containsExactly("line 1: value of field 'loss'" + rule + "-3u");
        assertThat(violations("m loss=+1")).containsExactly("line 1: value of field 'loss'" + rule + "+1");
        assertThat(violations("m loss=NaN")).containsExactly("line 1: value of field 'loss'" + rule + "NaN");
        assertThat(violations("m loss=yes")).containsExactly("line 1: value of field 'loss'" + rule + "yes");
        assertThat(violations("m loss=1..2")).containsExactly("line 1: value of field 'loss'" + rule + "1..2");
    }

    @Test
    void rejectsNumbersOutOfTheirTypesRange() {
        assertThat(violations("m n=9223372036854775808i")).containsExactly(
                "line 1: integer value of field 'n' out of range at column 5: 9223372036854775808i");
        assertThat(violations("m n=18446744073709551616u")).containsExactly(
                "line 1: unsigned value of field 'n' out of range at column 5: 18446744073709551616u");
        assertThat(violations("m n=1e999")).containsExactly(
                "line 1: float value of field 'n' out of range at column 5: 1e999");
    }

    @Test
    void rejectsBadTimestamps() {
        assertThat(violations("m a=1 12ab")).containsExactly("line 1: invalid timestamp at column 7: 12ab");
        assertThat(violations("m a=1 1.5")).containsExactly("line 1: invalid timestamp at column 7: 1.5");
        assertThat(violations("m a=1 99999999999999999999")).containsExactly(
                "line 1: timestamp out of range at column 7: 99999999999999999999");
        assertThat(violations("m a=1 123 extra")).containsExactly(
                "line 1: unexpected text after timestamp at column 11: extra");
    }

    @Test
    void rejectsTimestampBeyondTheRangeOfTimeAtItsPrecision() {
        EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.lookup("experiment")).withPrecision(ChronoUnit.SECONDS));

        assertThat(violations(adapter, "m,run_id=r,experiment=e epoch=1i,loss=1 9223372036854775807")).containsExactly(
                "line 1: timestamp out of range for precision s at column 41: 9223372036854775807");
    }

    @Test
    void rejectsPointsMissingWhatTheMappingNeeds() {
        assertThat(violations("m,experiment=e epoch=1i,loss=1")).containsExactly(
                "line 1: tag 'run_id' (run_id) is missing");
        assertThat(violations("m,run_id=r epoch=1i,loss=1")).containsExactly(
                "line 1: tag 'experiment' (experiment) is missing");
        assertThat(violations("m,run_id=r,experiment=e loss=1")).containsExactly(
                "line 1: field 'epoch' (epoch) is missing");
        assertThat(violations("m,run_id=\\ ,experiment=e epoch=1i,loss=1")).containsExactly(
                "line 1: tag 'run_id' (run_id) must not be blank: \" \"");
    }

    @Test
    void rejectsAnEpochThatIsNotAnIntegerFromOne() {
        assertThat(violations("m,run_id=r,experiment=e epoch=\"three\",loss=1")).containsExactly(
                "line 1: field 'epoch' (epoch) must be an integer: \"three\"");
        assertThat(violations("m,run_id=r,experiment=e epoch=2.5,loss=1")).containsExactly(
                "line 1: field 'epoch' (epoch) must be an integer: 2.5");
        assertThat(violations("m,run_id=r,experiment=e epoch=true,loss=1")).containsExactly(
                "line 1: field 'epoch' (epoch) must be an integer: true");
        assertThat(violations("m,run_id=r,experiment=e epoch=0i,loss=1")).containsExactly(
                "line 1: field 'epoch' (epoch) must be at least 1: 0i");
        assertThat(violations("m,run_id=r,experiment=e epoch=3000000000u,loss=1")).containsExactly(
                "line 1: field 'epoch' (epoch) must be at most 2147483647: 3000000000u");
    }

    @Test
    void rejectsAPointWithoutMetrics() {
        assertThat(violations("m,run_id=r,experiment=e epoch=1i,ok=true,note=\"x\"")).containsExactly(
                "line 1: no metrics: no numeric field other than 'epoch'");
    }

    @Test
    void rejectsAListedMetricFieldThatIsNotANumber() {
        EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.lookup("experiment")).withMetricFields(List.of("loss", "acc")));

        assertThat(violations(adapter, "m,run_id=r,experiment=e epoch=1i,loss=\"low\"")).containsExactly(
                "line 1: field 'loss' (metric 'loss') must be a number: \"low\"");
    }

    @Test
    void rejectsAPointWithNoneOfTheListedMetricFields() {
        EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.lookup("experiment")).withMetricFields(List.of("loss", "acc")));

        assertThat(violations(adapter, "m,run_id=r,experiment=e epoch=1i,lr=0.1")).containsExactly(
                "line 1: no metrics: none of the fields loss, acc");
    }

    @Test
    void rejectsTheWholeRecordListingEveryBadLine() {
        String record = "m,run_id=r1,experiment=e epoch=1i,loss=1\n"
                + "m,run_id=r2,experiment=e epoch=1i,loss=abc\n"
                + "# fine\n"
                + "m,experiment=e loss=2\n";

        assertThat(violations(record)).containsExactly(
                "line 2: value of field 'loss' is not a float, integer, unsigned integer, boolean or string"
                        + " at column 40: abc",
                "line 4: tag 'run_id' (run_id) is missing",
                "line 4: field 'epoch' (epoch) is missing");
    }

    @Test
    void rejectsAValueThatIsNotUtf8AndAMissingRecordKey() {
        byte[] notUtf8 = {'m', ' ', 'a', '=', (byte) 0xC3, (byte) 0x28};
        assertThat(rejection(DEFAULTS, null, notUtf8, RECORD_TIME).violations())
                .containsExactly("record value is not UTF-8 text");

        EpochEventAdapter byKey = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.constant("e")).withRunId(ValueSource.recordKey()));
        assertThat(rejection(byKey, null, utf8("m epoch=1i,loss=1"), RECORD_TIME).violations())
                .containsExactly("line 1: record key (run_id) is missing");
    }

    @Test
    void rejectsAPointWithoutTimestampInARecordWithout() {
        assertThat(rejection(DEFAULTS, null, utf8("m,run_id=r,experiment=e epoch=1i,loss=1"), null).violations())
                .containsExactly("line 1: time is missing: the point has no timestamp and the record none");
    }

    @Test
    void countsColumnsInCharactersNotBytes() {
        assertThat(violations("m,host=ü🚀 a=bad")).containsExactly(
                "line 1: value of field 'a' is not a float, integer, unsigned integer, boolean or string"
                        + " at column 13: bad");
    }

    @Test
    void aRecordOverOneMebibyteIsRejectedBeforeItIsRead() {
        String line = "train,run_id=r1,experiment=e1 epoch=1i,loss=0.5\n";
        String large = line.repeat(1_048_576 / line.length() + 1);

        assertThat(violations(large)).containsExactly("record must be at most 1048576 bytes: " + large.length());
    }

    @Test
    void aPointWithMoreThanAThousandMetricsIsRejectedWithTheLimit() {
        StringBuilder fields = new StringBuilder("epoch=1i");
        for (int i = 0; i < 1_001; i++) {
            fields.append(",m").append(i).append("=1");
        }

        assertThat(violations("train,run_id=r1,experiment=e1 " + fields))
                .containsExactly("line 1: metrics must hold at most 1000 metrics: 1001");
    }

    /** The walkthrough's mapping: measurement eval, experiment and arm tags, kick in kicked, end in done. */
    private static EpochEventAdapter markers() {
        return EpochEventAdapters.lineProtocol(LineProtocolMapping.forExperiment(ValueSource.lookup("experiment"))
                .withMeasurements(Set.of("eval"))
                .withArm(ValueSource.lookup("arm"))
                .withKickField("kicked")
                .withEndField("done"));
    }

    @Test
    void aPointWithAKickFieldGivesItsEventThenAnAppliedAckAndTheKickIsNoMetric() {
        List<WireMessage> messages = markers().messages(null, utf8("eval,run_id=s3,experiment=lr,arm=restart4 "
                + "epoch=4i,test_accuracy=0.5,kicked=true"), RECORD_TIME);

        assertThat(messages).containsExactly(event("lr", "s3", "restart4", 4, RECORD_TIME, "test_accuracy", 0.5),
                new Ack("kick-after-4", "lr", "s3", Ack.Status.APPLIED, 4, null, RECORD_TIME));
    }

    @Test
    void pointsWithOnlyAKickOrAnEndNeedNoMetrics() {
        assertThat(markers().messages(null, utf8("eval,run_id=s3,experiment=lr epoch=8i,kicked=t\n"
                + "eval,run_id=s3,experiment=lr epoch=30i,done=\"stopped\""), RECORD_TIME)).containsExactly(
                new Ack("kick-after-8", "lr", "s3", Ack.Status.APPLIED, 8, null, RECORD_TIME),
                new RunFinished("lr", "s3", RECORD_TIME, RunFinished.Reason.STOPPED, 30));
    }

    @Test
    void aKickFieldThatIsNoBooleanIsRejectedWithTheRule() {
        assertThat(violations(markers(), "eval,run_id=s3,experiment=lr epoch=8i,acc=0.5,kicked=1i,done=\"x\""))
                .containsExactly("line 1: field 'kicked' (kick) must be true or false: 1i",
                        "line 1: field 'done' (end) must be true, false, or one of completed, stopped, failed: \"x\"");
    }

    @Test
    void aTagWithANulByteIsRejectedNotTakenAsANewRun() {
        assertThat(violations(markers(), "eval,run_id=s3\u0000,experiment=lr epoch=8i,acc=0.5"))
                .containsExactly("line 1: run_id must not contain control characters: U+0000 at character 3");
    }
}
