package dev.firstpass.monitor.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MappingsTest {

    @Test
    void jsonMappingStatesItsDefaults() {
        JsonFieldMapping mapping = JsonFieldMapping.forMetrics(ValueSource.constant("e"), Map.of("loss", "loss"));

        assertThat(mapping).isEqualTo(new JsonFieldMapping(ValueSource.lookup("run_id"), ValueSource.constant("e"),
                null, "epoch", null, Map.of("loss", "loss"), null, null, null));
    }

    @Test
    void lineProtocolMappingStatesItsDefaults() {
        LineProtocolMapping mapping = LineProtocolMapping.forExperiment(ValueSource.lookup("job"));

        assertThat(mapping).isEqualTo(new LineProtocolMapping(Set.of(), ValueSource.lookup("run_id"),
                ValueSource.lookup("job"), null, "epoch", List.of(), ChronoUnit.NANOS, null, null));
    }

    @Test
    void jsonMappingRejectsBadPathsAndMissingMetricsAllAtOnce() {
        assertThatThrownBy(() -> new JsonFieldMapping(ValueSource.lookup("job..id"), null, null, "step[x]", null,
                Map.of(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runId must be a JSON path (names separated by '.', each optionally followed by [index]):"
                        + " \"job..id\"; experiment is required; epochPath must be a JSON path (names separated by '.',"
                        + " each optionally followed by [index]): \"step[x]\"; a mapping needs at least one metric:"
                        + " metricPaths or metricsUnder");
    }

    @Test
    void lineProtocolMappingRejectsAPrecisionLineProtocolDoesNotHave() {
        assertThatThrownBy(() -> LineProtocolMapping.forExperiment(ValueSource.lookup("job"))
                .withPrecision(ChronoUnit.MINUTES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("precision must be one of NANOS, MICROS, MILLIS, SECONDS: Minutes");
    }

    @Test
    void valueSourcesRejectBlankNames() {
        assertThatThrownBy(() -> ValueSource.constant(" "))
                .hasMessage("a constant must not be blank: \" \"");
        assertThatThrownBy(() -> ValueSource.lookup(""))
                .hasMessage("a lookup needs a non-blank path or tag: \"\"");
    }

    @Test
    void valueSourceSettingsReadKeyConstantsAndEscapedLookups() {
        assertThat(ValueSource.parse("key", "path:")).isEqualTo(ValueSource.recordKey());
        assertThat(ValueSource.parse("const:cifar", "path:")).isEqualTo(ValueSource.constant("cifar"));
        assertThat(ValueSource.parse("path:key", "path:")).isEqualTo(ValueSource.lookup("key"));
        assertThat(ValueSource.parse("tag:const:x", "tag:")).isEqualTo(ValueSource.lookup("const:x"));
        assertThat(ValueSource.parse("job.id", "path:")).isEqualTo(ValueSource.lookup("job.id"));
    }
}
