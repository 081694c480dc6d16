package dev.firstpass.controller.command;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic command ids: the same decision, derived again by a restarted controller, gets the same
 * id, so a trainer that saw the first one (ce_id is its idempotency key) ignores the second.
 *
 * <p>An id is {@code experiment/run/n-action}: the run's n-th command from the controller and what it
 * does, e.g. {@code cifar/seed-3/1-probe-20} or {@code cifar/seed-3/2-stop}. Slashes and percent
 * signs in names are percent-encoded so that two different (experiment, run) pairs never share an id.
 */
public final class CommandIds {

    private CommandIds() {
    }

    /**
     * @param sequence the run's command number, from 1
     * @param action what the command does, e.g. "probe-20", "kick-31" or "stop"
     */
    public static String of(String experiment, String runId, int sequence, String action) {
        if (sequence < 1) {
            throw new IllegalArgumentException("command sequence must be at least 1: " + sequence);
        }
        return encode(experiment) + "/" + encode(runId) + "/" + sequence + "-" + action;
    }

    private static String encode(String name) {
        return name.indexOf('/') < 0 && name.indexOf('%') < 0 ? name : URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
