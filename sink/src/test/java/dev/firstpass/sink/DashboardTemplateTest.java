package dev.firstpass.sink;

import static dev.firstpass.sink.SinkRecords.T;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The InfluxDB dashboard template (deploy/influxdb/firstpass-dashboard.json) asks only for what the
 * sink writes: every measurement, field and tag its Flux queries name is one the sink's points carry.
 */
class DashboardTemplateTest {

    private static final Pattern MEASUREMENT = Pattern.compile("r\\._measurement == \"([^\"]+)\"|measurement: \"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("r\\._field (?:==|!=) \"([^\"]+)\"|r\\._value != \"([^\"]+)\"");
    private static final Pattern COLUMN = Pattern.compile("\\br\\.([A-Za-z][A-Za-z0-9_]*)|\\br\\[\"([^\"]+)\"]");
    private static final Pattern TAG_ARGUMENT = Pattern.compile("\\btag: \"([^\"]+)\"");
    private static final Pattern DEFINED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*): ");
    private static final Pattern COLUMN_LIST = Pattern.compile("columns: \\[([^]]*)]");

    /** Measurement to the tags and fields the sink writes for it. */
    private static final Map<String, Set<String>> TAGS = new LinkedHashMap<>();
    private static final Map<String, Set<String>> FIELDS = new LinkedHashMap<>();
    private static JsonNode template;

    @BeforeAll
    static void readTemplateAndWhatTheSinkWrites() throws IOException {
        template = new ObjectMapper().readTree(RepositoryFiles.dashboardTemplate().toFile());
        Command command = SinkRecords.command("cmd-1", "r1", T);
        List<Line> lines = new ArrayList<>();
        EpochPoints.of(SinkRecords.epoch("c100", "r1", "baseline", 1, T, 0.5)).ifPresent(lines::add);
        InterventionPoints.of(SinkRecords.ackOf(command, 20, T), CommandInfo.of(command)).ifPresent(lines::add);
        InterventionPoints.of(new Ack("cmd-2", "c100", "r1", Ack.Status.REFUSED, null, "finished", T), null)
                .ifPresent(lines::add);
        DecisionPoints.of(SinkRecords.commandDecision(T)).ifPresent(lines::add);
        PlateauPoints.of(SinkRecords.plateau("a", T)).ifPresent(lines::add);
        lines.addAll(StatsPoints.of(SinkRecords.stats("baseline", T)));
        for (Line line : lines) {
            ParsedLine parsed = ParsedLine.of(line.text());
            TAGS.computeIfAbsent(parsed.measurement(), m -> new LinkedHashSet<>()).addAll(parsed.tags());
            FIELDS.computeIfAbsent(parsed.measurement(), m -> new LinkedHashSet<>()).addAll(parsed.fields());
        }
    }

    /** Every Flux query of the template: variables' and charts', named for messages. */
    private static Map<String, String> queries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode resource : template) {
            JsonNode spec = resource.get("spec");
            if (resource.get("kind").asText().equals("Variable")) {
                queries.put("variable " + spec.get("name").asText(), spec.get("query").asText());
            } else {
                for (JsonNode chart : spec.get("charts")) {
                    for (JsonNode query : chart.path("queries")) {
                        queries.put("chart '" + chart.get("name").asText() + "'", query.get("query").asText());
                    }
                }
            }
        }
        return queries;
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            for (int group = 1; group <= matcher.groupCount(); group++) {
                if (matcher.group(group) != null) {
                    found.add(matcher.group(group));
                }
            }
        }
        return found;
    }

    @Test
    void everyMeasurementFieldAndTagTheQueriesNameIsOneTheSinkWrites() {
        List<String> problems = new ArrayList<>();
        Set<String> defaults = Set.of("_time", "_value", "_field", "_measurement", "_start", "_stop");
        queries().forEach((name, query) -> {
            if (query.startsWith("buckets()")) {
                return;
            }
            Set<String> measurements = all(MEASUREMENT, query);
            if (measurements.isEmpty()) {
                problems.add(name + " names no measurement");
            }
            Set<String> tags = new LinkedHashSet<>();
            Set<String> fields = new LinkedHashSet<>();
            for (String measurement : measurements) {
                if (!TAGS.containsKey(measurement)) {
                    problems.add(name + " reads measurement " + measurement + ", which the sink does not write");
                } else {
                    tags.addAll(TAGS.get(measurement));
                    fields.addAll(FIELDS.get(measurement));
                }
            }
            for (String field : all(FIELD, query)) {
                if (!fields.contains(field)) {
                    problems.add(name + " reads field " + field + ", not a field of " + measurements);
                }
            }
            for (String tag : all(TAG_ARGUMENT, query)) {
                if (!tags.contains(tag)) {
                    problems.add(name + " asks for tag values of " + tag + ", not a tag of " + measurements);
                }
            }
            Set<String> defined = all(DEFINED, query);
            Set<String> columns = new LinkedHashSet<>(all(COLUMN, query));
            for (String list : all(COLUMN_LIST, query)) {
                for (String column : list.split(",")) {
                    columns.add(column.trim().replace("\"", ""));
                }
            }
            for (String column : columns) {
                if (!defaults.contains(column) && !tags.contains(column) && !fields.contains(column)
                        && !defined.contains(column)) {
                    problems.add(name + " uses column " + column + ", neither a tag nor a field of " + measurements
                            + " nor defined in the query");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMeasurementTheSinkWritesIsOnTheDashboard() {
        Set<String> read = new LinkedHashSet<>();
        queries().values().forEach(query -> read.addAll(all(MEASUREMENT, query)));

        assertThat(read).containsAll(Measurements.all());
        assertThat(TAGS.keySet()).containsExactlyInAnyOrderElementsOf(Measurements.all());
    }

    @Test
    void theTemplateHasTheVariablesAndPanelsOfTheDashboard() {
        List<String> variables = new ArrayList<>();
        List<String> charts = new ArrayList<>();
        for (JsonNode resource : template) {
            assertThat(resource.get("apiVersion").asText()).isEqualTo("influxdata.com/v2alpha1");
            // influx apply requires metadata names that are DNS labels.
            assertThat(resource.at("/metadata/name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            if (resource.get("kind").asText().equals("Variable")) {
                variables.add(resource.at("/spec/name").asText());
            } else {
                resource.at("/spec/charts").forEach(chart -> charts.add(chart.get("name").asText()));
            }
        }
        assertThat(variables).containsExactly("bucket", "experiment", "run", "metric", "target");
        assertThat(charts).contains("Metric over epochs, every run", "Selected run: metric with interventions",
                "Plateau state per run (1 = on a plateau)", "Survival S(t) per arm",
                "Predicted MFPT over tau, with interval", "tau* over time, with interval", "Command ack latency");
    }

    @Test
    void everyChartPassesTheChecksInfluxApplyMakes() {
        Set<String> geometries = Set.of("line", "step", "stacked", "monotoneX", "bar");
        for (JsonNode chart : template.get(template.size() - 1).at("/spec/charts")) {
            String kind = chart.get("kind").asText().toLowerCase(Locale.ROOT);
            assertThat(chart.get("width").asInt()).as(chart.toString()).isPositive();
            assertThat(chart.get("height").asInt()).as(chart.toString()).isPositive();
            chart.path("colors").forEach(color -> assertThat(color.path("hex").asText()).isNotEmpty());
            if (kind.equals("xy") || kind.equals("scatter")) {
                List<String> axes = new ArrayList<>();
                chart.get("axes").forEach(axis -> axes.add(axis.get("name").asText()));
                assertThat(axes).as(chart.get("name").asText()).contains("x", "y");
            }
            if (kind.equals("xy")) {
                assertThat(geometries).contains(chart.get("geom").asText());
                assertThat(chart.get("position").asText()).isIn("overlaid", "stacked");
            }
        }
    }

    /** One line of the sink's line protocol taken apart: measurement, tag keys, field keys. */
    private record ParsedLine(String measurement, List<String> tags, List<String> fields) {

        static ParsedLine of(String line) {
            List<String> parts = split(line, ' ', true);
            List<String> series = split(parts.get(0), ',', false);
            List<String> tags = series.subList(1, series.size()).stream().map(tag -> split(tag, '=', false).get(0))
                    .toList();
            List<String> fields = split(parts.get(1), ',', true).stream().map(f -> split(f, '=', false).get(0))
                    .toList();
            return new ParsedLine(series.get(0), tags, fields);
        }

        /** Splits at unescaped separators outside quoted strings, unescaping the pieces. */
        private static List<String> split(String text, char separator, boolean quotes) {
            List<String> pieces = new ArrayList<>();
            StringBuilder piece = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    piece.append(quoted ? "\\" + text.charAt(++i) : String.valueOf(text.charAt(++i)));
                } else if (quotes && c == '"') {
                    quoted = !quoted;
                    piece.append(c);
                } else if (c == separator && !quoted) {
                    pieces.add(piece.toString());
                    piece.setLength(0);
                } else {
                    piece.append(c);
                }
            }
            pieces.add(piece.toString());
            return pieces;
        }
    }
}
