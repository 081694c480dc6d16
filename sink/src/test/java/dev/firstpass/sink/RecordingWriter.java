package dev.firstpass.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A point writer that keeps every request, failing while told to, and refusing lines that match a rule. */
final class RecordingWriter implements PointWriter {

    final List<List<String>> requests = new ArrayList<>();
    final List<String> accepted = new ArrayList<>();
    int failWithStatus = -1;
    Predicate<String> refused = line -> false;

    @Override
    public void write(List<String> lines) {
        requests.add(List.copyOf(lines));
        if (failWithStatus >= 0) {
            throw new WriteException(failWithStatus, "HTTP " + failWithStatus + " from test", null);
        }
        if (lines.stream().anyMatch(refused)) {
            throw new WriteException(422, "HTTP 422 from test: field type conflict", null);
        }
        accepted.addAll(lines);
    }

    @Override
    public String target() {
        return "test server";
    }

    @Override
    public void close() {
    }
}
