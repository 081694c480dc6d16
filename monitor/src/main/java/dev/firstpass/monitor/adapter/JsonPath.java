package dev.firstpass.monitor.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A dotted path into a JSON record, such as {@code job.id} or {@code metrics[0].value}.
 *
 * <p>Kept deliberately small (names and array indexes, no wildcards or filters): a mapping is read
 * by people setting up a pipeline, and every path must say plainly which one value it means.
 *
 * @param text the path as written
 * @param steps the names and indexes to follow, in order
 */
record JsonPath(String text, List<Step> steps) {

    /** The rule a path must meet, for messages. */
    static final String RULE = "a JSON path (names separated by '.', each optionally followed by [index])";

    /** One step: into an object by name, or into an array by index. */
    record Step(String name, int index) {

        static Step field(String name) {
            return new Step(name, -1);
        }

        static Step element(int index) {
            return new Step(null, index);
        }

        boolean isField() {
            return name != null;
        }
    }

    /** What following a path found: a value, or the reason there is none. */
    record Found(JsonNode value, String whyMissing) {

        static Found value(JsonNode value) {
            return new Found(value, null);
        }

        static Found missing(String why) {
            return new Found(null, why);
        }

        boolean isMissing() {
            return value == null;
        }
    }

    JsonPath {
        steps = List.copyOf(steps);
    }

    /**
     * Reads a path.
     *
     * @throws IllegalArgumentException whose message is the rule and the offending text
     */
    static JsonPath parse(String text) {
        List<Step> steps = text == null ? null : stepsOf(text);
        if (steps == null) {
            throw new IllegalArgumentException("must be " + RULE + ": " + Rejections.show(text));
        }
        return new JsonPath(text, steps);
    }

    static boolean isValid(String text) {
        return text != null && stepsOf(text) != null;
    }

    /** Follows the path from the record's root; an explicit JSON null counts as missing. */
    Found find(JsonNode root) {
        JsonNode node = root;
        StringBuilder walked = new StringBuilder();
        for (Step step : steps) {
            if (step.isField()) {
                if (!node.isObject()) {
                    return Found.missing("'" + walked + "' is not an object");
                }
                node = node.get(step.name());
                if (walked.length() > 0) {
                    walked.append('.');
                }
                walked.append(step.name());
            } else {
                if (!node.isArray()) {
                    return Found.missing("'" + walked + "' is not an array");
                }
                if (step.index() >= node.size()) {
                    return Found.missing("'" + walked + "' has " + node.size()
                            + (node.size() == 1 ? " element" : " elements"));
                }
                node = node.get(step.index());
                walked.append('[').append(step.index()).append(']');
            }
            if (node == null || node.isNull()) {
                return Found.missing(null);
            }
        }
        return Found.value(node);
    }

    @Override
    public String toString() {
        return text;
    }

    // Returns null when the text is not a path.
    private static List<Step> stepsOf(String text) {
        List<Step> steps = new ArrayList<>();
        for (String segment : text.split("\\.", -1)) {
            int bracket = segment.indexOf('[');
            String name = bracket < 0 ? segment : segment.substring(0, bracket);
            if (name.isBlank() || name.indexOf(']') >= 0) {
                return null;
            }
            steps.add(Step.field(name));
            if (bracket >= 0 && !addIndexes(segment.substring(bracket), steps)) {
                return null;
            }
        }
        return steps;
    }

    // Reads "[0][12]..." to its end; false unless every bracket holds a small non-negative integer.
    private static boolean addIndexes(String brackets, List<Step> steps) {
        int at = 0;
        while (at < brackets.length()) {
            int close = brackets.indexOf(']', at);
            if (brackets.charAt(at) != '[' || close < 0) {
                return false;
            }
            String digits = brackets.substring(at + 1, close);
            if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            steps.add(Step.element(Integer.parseInt(digits)));
            at = close + 1;
        }
        return true;
    }
}
