package dev.firstpass.core.protocol;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CloudEvents attributes a {@link Command} carries as Kafka headers (binary content mode).
 *
 * <p>Headers let brokers, tracing and trainers route and deduplicate a command without parsing its
 * body; that only works while the headers agree with the body, which {@link #violations} checks.
 */
public final class CloudEventHeaders {

    // Header names: CloudEvents Kafka protocol binding, binary content mode.
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    /** The CloudEvents specification version written and accepted. */
    public static final String SPEC_VERSION_1_0 = "1.0";
    /** The {@code ce_type} of a command. */
    public static final String COMMAND_TYPE = "dev.firstpass.control.command";
    /** The media type of a command body. */
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }

    /**
     * The headers for sending {@code command}, in a fixed order.
     *
     * @param source who sends it, e.g. "/firstpass/controller"; a URI reference per CloudEvents
     */
    public static Map<String, String> forCommand(Command command, String source) {
        if (source == null || source.isBlank()) {
            throw new InvalidRecordException(List.of(SOURCE + " must not be blank: " + Violations.show(source)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, command.commandId());
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(TYPE, COMMAND_TYPE);
        headers.put(SOURCE, source);
        headers.put(SUBJECT, command.runId());
        headers.put(TIME, command.issuedAt().toString());
        headers.put(CONTENT_TYPE, JSON);
        return Collections.unmodifiableMap(headers);
    }

    /**
     * Every way the received {@code headers} disagree with the command body or the specification;
     * empty when they are consistent.
     */
    public static List<String> violations(Map<String, String> headers, Command body) {
        List<String> problems = new ArrayList<>();
        expect(problems, headers, ID, body.commandId(), "must equal command_id " + Violations.show(body.commandId()));
        expect(problems, headers, SPEC_VERSION, SPEC_VERSION_1_0, "must be " + SPEC_VERSION_1_0);
        expect(problems, headers, TYPE, COMMAND_TYPE, "must be " + COMMAND_TYPE);
        expect(problems, headers, SUBJECT, body.runId(), "must equal run_id " + Violations.show(body.runId()));
        String source = headers.get(SOURCE);
        if (source == null) {
            problems.add(SOURCE + " header is required");
        } else if (source.isBlank()) {
            problems.add(SOURCE + " must not be blank: " + Violations.show(source));
        }
        String time = headers.get(TIME);
        if (time == null) {
            problems.add(TIME + " header is required");
        } else if (!body.issuedAt().equals(parseInstant(time))) {
            problems.add(TIME + " must equal issued_at " + body.issuedAt() + ": " + Violations.show(time));
        }
        String contentType = headers.get(CONTENT_TYPE);
        if (contentType == null) {
            problems.add(CONTENT_TYPE + " header is required");
        } else if (!contentType.equals(JSON) && !contentType.startsWith(JSON + ";")) {
            problems.add(CONTENT_TYPE + " must be " + JSON + ": " + Violations.show(contentType));
        }
        return List.copyOf(problems);
    }

    private static void expect(List<String> problems, Map<String, String> headers, String name, String expected,
            String rule) {
        String actual = headers.get(name);
        if (actual == null) {
            problems.add(name + " header is required");
        } else if (!actual.equals(expected)) {
            problems.add(name + " " + rule + ": " + Violations.show(actual));
        }
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
