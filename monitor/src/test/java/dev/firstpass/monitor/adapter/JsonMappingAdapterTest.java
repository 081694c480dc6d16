package dev.firstpass.monitor.adapter;

import static dev.firstpass.monitor.adapter.Records.RECORD_TIME;
import static dev.firstpass.monitor.adapter.Records.adapt;
import static dev.firstpass.monitor.adapter.Records.event;
import static dev.firstpass.monitor.adapter.Records.rejection;
import static dev.firstpass.monitor.adapter.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.WireMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMappingAdapterTest {

    private static final Instant TIME = Instant.parse("2024-05-01T12:00:00Z");

    private static final String RECORD = "{\"job\":{\"id\":\"run-7\",\"name\":\"cifar\"},\"step\":12,"
            + "\"ts\":\"2024-05-01T12:00:00Z\",\"train\":{\"loss\":0.25},\"eval\":{\"accuracy\":0.8125}}";

    private static Map<String, String> paths(String... namesAndPaths) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPaths.length; i += 2) {
            paths.put(namesAndPaths[i], namesAndPaths[i + 1]);
        }
        return paths;
    }

    /** run id at job.id, experiment at job.name, epoch at step, time at ts, loss and acc by path. */
    private static EpochEventAdapter jobAdapter() {
        return EpochEventAdapters.jsonMapping(JsonFieldMapping
                .forMetrics(ValueSource.lookup("job.name"), paths("loss", "train.loss", "acc", "eval.accuracy"))
                .withRunId(ValueSource.lookup("job.id"))
                .withEpochPath("step")
                .withTimePath("ts"));
    }

    private static List<String> violations(EpochEventAdapter adapter, String json) {
        return rejection(adapter, null, json).violations();
    }

    @Test
    void readsNestedPathsIntoOneEvent() {
        assertThat(adapt(jobAdapter(), null, RECORD))
                .containsExactly(event("cifar", "run-7", null, 12, TIME, "loss", 0.25, "acc", 0.8125));
    }

    @Test
    void takesRunIdFromRecordKeyAndExperimentFromConstant() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(JsonFieldMapping
                .forMetrics(ValueSource.constant("resnet-sweep"), paths("loss", "loss"))
                .withRunId(ValueSource.recordKey()));

        assertThat(adapt(adapter, "run-3", "{\"epoch\":4,\"loss\":1.5}"))
                .containsExactly(event("resnet-sweep", "run-3", null, 4, RECORD_TIME, "loss", 1.5));
    }

    @Test
    void readsArrayIndexesInPaths() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(JsonFieldMapping
                .forMetrics(ValueSource.constant("e"), paths("acc", "metrics[1].value", "first", "curve[0][1]")));

        String json = "{\"run_id\":\"r\",\"epoch\":2,\"metrics\":[{\"value\":0.1},{\"value\":0.7}],"
                + "\"curve\":[[5,6],[7,8]]}";

        assertThat(adapt(adapter, null, json))
                .containsExactly(event("e", "r", null, 2, RECORD_TIME, "acc", 0.7, "first", 6));
    }

    @Test
    void takesEveryNumericFieldUnderWildcardPathInDocumentOrderAtAnyDepth() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(
                JsonFieldMapping.forNumbersUnder(ValueSource.constant("e"), "eval"));

        String json = "{\"run_id\":\"r\",\"epoch\":1,\"eval\":{\"acc\":0.9,\"note\":\"best\",\"top5\":{\"acc\":0.99},"
                + "\"ok\":true,\"loss\":\"NaN\",\"grad\":\"-Infinity\",\"hist\":[1,2],\"none\":null}}";

        List<EpochEvent> events = adapt(adapter, null, json);

        assertThat(events).containsExactly(event("e", "r", null, 1, RECORD_TIME,
                "acc", 0.9, "top5.acc", 0.99, "loss", Double.NaN, "grad", Double.NEGATIVE_INFINITY));
        assertThat(events.get(0).nonFiniteMetrics()).containsExactly("loss", "grad");
    }

    @Test
    void namedMetricWinsOverWildcardFieldOfTheSameName() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(JsonFieldMapping
                .forMetrics(ValueSource.constant("e"), paths("acc", "best.acc"))
                .withMetricsUnder("eval"));

        String json = "{\"run_id\":\"r\",\"epoch\":1,\"best\":{\"acc\":0.95},\"eval\":{\"acc\":0.9,\"loss\":0.3}}";

        assertThat(adapt(adapter, null, json))
                .containsExactly(event("e", "r", null, 1, RECORD_TIME, "acc", 0.95, "loss", 0.3));
    }

    @Test
    void keepsNonFiniteMetricsGivenAsStrings() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(
                JsonFieldMapping.forMetrics(ValueSource.constant("e"), paths("loss", "loss")));

        EpochEvent event = adapt(adapter, null, "{\"run_id\":\"r\",\"epoch\":9,\"loss\":\"Infinity\"}").get(0);

        assertThat(event.metrics()).containsExactly(Map.entry("loss", Double.POSITIVE_INFINITY));
        assertThat(event.nonFiniteMetrics()).containsExactly("loss");
    }

    @Test
    void keepsBareNanAndInfinityAsPythonWritesThem() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(
                JsonFieldMapping.forNumbersUnder(ValueSource.constant("e"), "m"));

        String json = "{\"run_id\":\"r\",\"epoch\":2,\"m\":{\"loss\":NaN,\"gn\":Infinity}}";

        EpochEvent event = adapt(adapter, null, json).get(0);

        assertThat(event.nonFiniteMetrics()).containsExactly("loss", "gn");
    }

    @Test
    void readsTimeAsEpochMilliseconds() {
        String json = RECORD.replace("\"2024-05-01T12:00:00Z\"", "1714564800250");

        assertThat(adapt(jobAdapter(), null, json).get(0).time()).isEqualTo(Instant.parse("2024-05-01T12:00:00.250Z"));
    }

    @Test
    void readsTimeAsIsoInstantWithOffset() {
        String json = RECORD.replace("2024-05-01T12:00:00Z", "2024-05-01T14:00:00.5+02:00");

        assertThat(adapt(jobAdapter(), null, json).get(0).time()).isEqualTo(Instant.parse("2024-05-01T12:00:00.500Z"));
    }

    @Test
    void usesTheRecordTimestampWhenNoTimePathIsMapped() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(
                JsonFieldMapping.forMetrics(ValueSource.constant("e"), paths("loss", "loss")));

        assertThat(adapt(adapter, null, "{\"run_id\":\"r\",\"epoch\":1,\"loss\":2}").get(0).time())
                .isEqualTo(RECORD_TIME);
    }

    @Test
    void acceptsIntegralFloatEpochAndNumericRunId() {
        String json = RECORD.replace("\"step\":12", "\"step\":3.0").replace("\"run-7\"", "12345");

        EpochEvent event = adapt(jobAdapter(), null, json).get(0);

        assertThat(event.epoch()).isEqualTo(3);
        assertThat(event.runId()).isEqualTo("12345");
    }

    @Test
    void readsArmFromPathAndTreatsAnAbsentArmAsNoArm() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(JsonFieldMapping
                .forMetrics(ValueSource.constant("e"), paths("loss", "loss"))
                .withArm(ValueSource.lookup("cfg.arm")));

        assertThat(adapt(adapter, null, "{\"run_id\":\"r\",\"epoch\":1,\"loss\":2,\"cfg\":{\"arm\":\"tau-5\"}}"))
                .containsExactly(event("e", "r", "tau-5", 1, RECORD_TIME, "loss", 2));
        assertThat(adapt(adapter, null, "{\"run_id\":\"r\",\"epoch\":1,\"loss\":2}"))
                .containsExactly(event("e", "r", null, 1, RECORD_TIME, "loss", 2));
    }

    @Test
    void aTombstoneCarriesNoEvents() {
        assertThat(jobAdapter().adapt(utf8("run-7"), null, RECORD_TIME)).isEmpty();
    }

    @Test
    void rejectsMissingPathNamingTheFieldAndItsRole() {
        assertThat(violations(jobAdapter(), RECORD.replace("\"id\":\"run-7\",", "")))
                .containsExactly("field 'job.id' (run_id) is missing");
    }

    @Test
    void rejectsExplicitNullAsMissing() {
        assertThat(violations(jobAdapter(), RECORD.replace("\"run-7\"", "null")))
                .containsExactly("field 'job.id' (run_id) is missing");
    }

    @Test
    void rejectsPathThroughSomethingThatIsNotAnObject() {
        assertThat(violations(jobAdapter(), RECORD.replace("{\"id\":\"run-7\",\"name\":\"cifar\"}", "\"cifar\"")))
                .containsExactly("field 'job.id' (run_id) is missing: 'job' is not an object",
                        "field 'job.name' (experiment) is missing: 'job' is not an object");
    }

    @Test
    void rejectsArrayIndexPastTheEndAndIndexIntoANonArray() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(JsonFieldMapping
                .forMetrics(ValueSource.constant("e"), paths("acc", "metrics[2].value", "loss", "loss[0]")));

        assertThat(violations(adapter, "{\"run_id\":\"r\",\"epoch\":1,\"metrics\":[{\"value\":1}],\"loss\":3}"))
                .containsExactly("field 'metrics[2].value' (metric 'acc') is missing: 'metrics' has 1 element",
                        "field 'loss[0]' (metric 'loss') is missing: 'loss' is not an array");
    }

    @Test
    void rejectsEpochThatIsNotAnInteger() {
        assertThat(violations(jobAdapter(), RECORD.replace("\"step\":12", "\"step\":\"three\"")))
                .containsExactly("field 'step' (epoch) must be an integer: \"three\"");
        assertThat(violations(jobAdapter(), RECORD.replace("\"step\":12", "\"step\":2.5")))
                .containsExactly("field 'step' (epoch) must be an integer: 2.5");
        assertThat(violations(jobAdapter(), RECORD.replace("\"step\":12", "\"step\":true")))
                .containsExactly("field 'step' (epoch) must be an integer: true");
    }

    @Test
    void rejectsEpochOutsideOneToIntMax() {
        assertThat(violations(jobAdapter(), RECORD.replace("\"step\":12", "\"step\":0")))
                .containsExactly("field 'step' (epoch) must be at least 1: 0");
        assertThat(violations(jobAdapter(), RECORD.replace("\"step\":12", "\"step\":3000000000")))
                .containsExactly("field 'step' (epoch) must be at most 2147483647: 3000000000");
    }

    @Test
    void rejectsRunIdThatIsNeitherTextNorIntegerOrIsBlank() {
        assertThat(violations(jobAdapter(), RECORD.replace("\"run-7\"", "true")))
                .containsExactly("field 'job.id' (run_id) must be a string or an integer: true");
        assertThat(violations(jobAdapter(), RECORD.replace("\"run-7\"", "\" \"")))
                .containsExactly("field 'job.id' (run_id) must not be blank: \" \"");
    }

    @Test
    void rejectsMetricThatIsNotANumber() {
        assertThat(violations(jobAdapter(), RECORD.replace("0.25", "\"low\"")))
                .containsExactly("field 'train.loss' (metric 'loss') must be a number: \"low\"");
    }

    @Test
    void rejectsTimeThatIsNeitherIsoNorEpochMillis() {
        assertThat(violations(jobAdapter(), RECORD.replace("\"2024-05-01T12:00:00Z\"", "\"yesterday\"")))
                .containsExactly("field 'ts' (time) must be an ISO-8601 instant or epoch milliseconds: \"yesterday\"");
        assertThat(violations(jobAdapter(), RECORD.replace("\"2024-05-01T12:00:00Z\"", "1.5")))
                .containsExactly("field 'ts' (time) must be an ISO-8601 instant or epoch milliseconds: 1.5");
    }

    @Test
    void rejectsMissingTimeFieldWhenOneIsMapped() {
        assertThat(violations(jobAdapter(), RECORD.replace(",\"ts\":\"2024-05-01T12:00:00Z\"", "")))
                .containsExactly("field 'ts' (time) is missing");
    }

    @Test
    void rejectsRecordWithoutTimestampWhenNoTimeIsMapped() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(
                JsonFieldMapping.forMetrics(ValueSource.constant("e"), paths("loss", "loss")));

        assertThat(rejection(adapter, null, utf8("{\"run_id\":\"r\",\"epoch\":1,\"loss\":2}"), null).violations())
                .containsExactly("time is missing: the record has no timestamp and no time field is mapped");
    }

    @Test
    void rejectsWildcardRootThatIsMissingNotAnObjectOrHoldsNoNumber() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(
                JsonFieldMapping.forNumbersUnder(ValueSource.constant("e"), "eval"));

        assertThat(violations(adapter, "{\"run_id\":\"r\",\"epoch\":1}"))
                .containsExactly("field 'eval' (metrics) is missing");
        assertThat(violations(adapter, "{\"run_id\":\"r\",\"epoch\":1,\"eval\":[0.5]}"))
                .containsExactly("field 'eval' (metrics) must be an object: [0.5]");
        assertThat(violations(adapter, "{\"run_id\":\"r\",\"epoch\":1,\"eval\":{\"note\":\"x\",\"ok\":true}}"))
                .containsExactly("no metrics: field 'eval' holds no numeric field");
    }

    @Test
    void rejectsMetricNameFoundTwiceUnderTheWildcardRoot() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(
                JsonFieldMapping.forNumbersUnder(ValueSource.constant("e"), "eval"));

        assertThat(violations(adapter, "{\"run_id\":\"r\",\"epoch\":1,\"eval\":{\"a.b\":1,\"a\":{\"b\":2}}}"))
                .containsExactly("metric 'a.b' appears twice under 'eval'");
    }

    @Test
    void rejectsMissingOrUnreadableRecordKeyUsedAsRunId() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(JsonFieldMapping
                .forMetrics(ValueSource.constant("e"), paths("loss", "loss"))
                .withRunId(ValueSource.recordKey()));
        byte[] value = utf8("{\"epoch\":1,\"loss\":2}");

        assertThat(rejection(adapter, null, value, RECORD_TIME).violations())
                .containsExactly("record key (run_id) is missing");
        assertThat(rejection(adapter, new byte[] {(byte) 0xC3, (byte) 0x28}, value, RECORD_TIME).violations())
                .containsExactly("record key (run_id) is not UTF-8 text");
    }

    @Test
    void reportsEveryProblemOfARecordAtOnceInMappingOrder() {
        String json = "{\"job\":{\"name\":\"cifar\"},\"step\":\"three\",\"ts\":\"soon\",\"train\":{\"loss\":\"low\"}}";

        assertThat(violations(jobAdapter(), json)).containsExactly(
                "field 'job.id' (run_id) is missing",
                "field 'step' (epoch) must be an integer: \"three\"",
                "field 'ts' (time) must be an ISO-8601 instant or epoch milliseconds: \"soon\"",
                "field 'train.loss' (metric 'loss') must be a number: \"low\"",
                "field 'eval.accuracy' (metric 'acc') is missing");
    }

    @Test
    void rejectsMalformedJsonWithItsPosition() {
        assertThat(rejection(jobAdapter(), null, "{\"job\": {\"id\": }").getMessage())
                .isEqualTo("malformed JSON at line 1 column 16: Unexpected character ('}' (code 125)): "
                        + "expected a value");
    }

    @Test
    void rejectsTruncatedJsonWithoutRepeatingTheLocation() {
        assertThat(rejection(jobAdapter(), null, "{\n  \"job\": {\"id\": \"r\"}").getMessage())
                .isEqualTo("malformed JSON at line 2 column 21: "
                        + "Unexpected end-of-input: expected close marker for Object");
    }

    @Test
    void rejectsDuplicateKeysAndTrailingContent() {
        assertThat(rejection(jobAdapter(), null, "{\"step\":1,\"step\":2}").getMessage())
                .isEqualTo("malformed JSON at line 1 column 17: Duplicate field 'step'");
        assertThat(rejection(jobAdapter(), null, RECORD + " {}").getMessage())
                .isEqualTo("malformed JSON at line 1 column 126: content after the end of the JSON value");
    }

    @Test
    void rejectsEmptyValueAndValuesThatAreNotObjects() {
        assertThat(rejection(jobAdapter(), null, "").getMessage()).isEqualTo("malformed JSON: no content");
        assertThat(rejection(jobAdapter(), null, "[1,2]").getMessage())
                .isEqualTo("record value must be a JSON object: [1,2]");
    }

    @Test
    void jsonBeyondALimitIsRejectedNamingTheLimitRatherThanAsMalformed() {
        String deep = "{\"job\":" + "[".repeat(100) + "]".repeat(100) + "}";

        assertThat(violations(jobAdapter(), deep))
                .containsExactly("JSON beyond a limit: Document nesting depth (65) exceeds the maximum allowed (64)");
        assertThat(violations(jobAdapter(), "{\"step\":" + "1".repeat(101) + "}"))
                .containsExactly("JSON beyond a limit: Number value length (101) exceeds the maximum allowed (100)");
    }

    @Test
    void aRecordOverOneMebibyteIsRejectedBeforeItIsRead() {
        String large = RECORD.replace("cifar", "c".repeat(1_048_576));

        assertThat(violations(jobAdapter(), large))
                .containsExactly("record must be at most 1048576 bytes: " + large.length());
    }

    @Test
    void aRunIdLongerThan256CharactersIsRejectedWithItsLength() {
        assertThat(violations(jobAdapter(), RECORD.replace("run-7", "r".repeat(300))))
                .containsExactly("run_id must be at most 256 characters: 300");
    }

    /** The walkthrough's mapping: job.id, job.sweep, job.arm, step, eval.accuracy, kick at perturbed, end at done. */
    private static EpochEventAdapter markerAdapter() {
        return EpochEventAdapters.jsonMapping(JsonFieldMapping
                .forMetrics(ValueSource.lookup("job.sweep"), paths("test_accuracy", "eval.accuracy"))
                .withRunId(ValueSource.lookup("job.id"))
                .withArm(ValueSource.lookup("job.arm"))
                .withEpochPath("step")
                .withKickPath("perturbed")
                .withEndPath("done"));
    }

    private static List<WireMessage> messages(EpochEventAdapter adapter, String json) {
        return adapter.messages(null, utf8(json), RECORD_TIME);
    }

    @Test
    void aRecordSayingItsRunWasKickedGivesTheEpochEventThenAnAppliedAckForThatEpoch() {
        List<WireMessage> messages = messages(markerAdapter(), "{\"job\":{\"id\":\"s3\",\"sweep\":\"lr\","
                + "\"arm\":\"restart4\"},\"step\":4,\"eval\":{\"accuracy\":0.5},\"perturbed\":true}");

        assertThat(messages).containsExactly(event("lr", "s3", "restart4", 4, RECORD_TIME, "test_accuracy", 0.5),
                new Ack("kick-after-4", "lr", "s3", Ack.Status.APPLIED, 4, null, RECORD_TIME));
        assertThat(markerAdapter().adapt(null, utf8("{\"job\":{\"id\":\"s3\",\"sweep\":\"lr\"},\"step\":4,"
                + "\"eval\":{\"accuracy\":0.5},\"perturbed\":true}"), RECORD_TIME)).hasSize(1);
    }

    @Test
    void aRecordWithOnlyAKickOrAnEndNeedsNoMetrics() {
        assertThat(messages(markerAdapter(), "{\"job\":{\"id\":\"s3\",\"sweep\":\"lr\"},\"step\":8,"
                + "\"perturbed\":true}"))
                .containsExactly(new Ack("kick-after-8", "lr", "s3", Ack.Status.APPLIED, 8, null, RECORD_TIME));
        assertThat(messages(markerAdapter(), "{\"job\":{\"id\":\"s3\",\"sweep\":\"lr\"},\"step\":30,"
                + "\"done\":true}"))
                .containsExactly(new RunFinished("lr", "s3", RECORD_TIME, RunFinished.Reason.COMPLETED, 30));
        assertThat(messages(markerAdapter(), "{\"job\":{\"id\":\"s3\",\"sweep\":\"lr\"},\"step\":12,"
                + "\"done\":\"failed\"}"))
                .containsExactly(new RunFinished("lr", "s3", RECORD_TIME, RunFinished.Reason.FAILED, 12));
        assertThat(messages(markerAdapter(), "{\"job\":{\"id\":\"s3\",\"sweep\":\"lr\"},\"step\":2,"
                + "\"eval\":{\"accuracy\":0.25},\"perturbed\":false,\"done\":false}"))
                .containsExactly(event("lr", "s3", null, 2, RECORD_TIME, "test_accuracy", 0.25));
    }

    @Test
    void kickAndEndValuesOfAnotherKindAreRejectedWithTheRule() {
        assertThat(violations(markerAdapter(), "{\"job\":{\"id\":\"s3\",\"sweep\":\"lr\"},\"step\":4,"
                + "\"perturbed\":1,\"done\":\"yes\"}")).containsExactly(
                "field 'perturbed' (kick) must be true or false: 1",
                "field 'done' (end) must be true, false, or one of completed, stopped, failed: \"yes\"",
                "field 'eval.accuracy' (metric 'test_accuracy') is missing");
    }

    @Test
    void aRunIdWithAControlCharacterIsRejectedNotTakenAsANewRun() {
        assertThat(violations(markerAdapter(), "{\"job\":{\"id\":\"s3\\u0000\",\"sweep\":\"lr\"},\"step\":4,"
                + "\"eval\":{\"accuracy\":0.5}}"))
                .containsExactly("run_id must not contain control characters: U+0000 at character 3");
    }
}
