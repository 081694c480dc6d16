package dev.firstpass.controller.facts;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.RunStarted;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the controller knows of one run from the run's own messages: whether and how it announced
 * itself, whether it finished, the last epoch it reported, and the answers it gave to commands.
 */
public final class RunFacts {

    private final String runId;
    private RunStarted started;
    private boolean finished;
    private Instant finishedAt;
    private int lastSegment = -1;
    private int lastEpoch;
    private final Map<String, TreeSet<Integer>> applied = new LinkedHashMap<>();
    private final Map<String, String> refused = new LinkedHashMap<>();

    RunFacts(String runId) {
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }

    /** Whether the run announced itself with a run-started message. */
    public boolean announced() {
        return started != null;
    }

    /** Whether the run announced that it listens for commands. */
    public boolean controllable() {
        return started != null && started.controllable();
    }

    /** The arm the run announced for itself, or null. */
    public String announcedArm() {
        return started == null ? null : started.arm();
    }

    public boolean finished() {
        return finished;
    }

    /** When the run said it finished (its own clock), or null while it has not. */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** Whether a command may be sent to the run: it announced itself controllable and has not finished. */
    public boolean commandable() {
        return controllable() && !finished;
    }

    /** The last epoch the run reported (of its latest segment); 0 before its first. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The epochs after which the command acted, as acknowledged; empty when none. */
    public Set<Integer> appliedEpochs(String commandId) {
        TreeSet<Integer> epochs = applied.get(commandId);
        return epochs == null ? Set.of() : Collections.unmodifiableSet(epochs);
    }

    /** Whether the command was acknowledged at all, applied or refused. */
    public boolean answered(String commandId) {
        return applied.containsKey(commandId) || refused.containsKey(commandId);
    }

    /** The refused commands and the reasons given, in the order received. */
    public Map<String, String> refusals() {
        return Collections.unmodifiableMap(refused);
    }

    boolean started(RunStarted message) {
        if (started != null && started.equals(message)) {
            return false;
        }
        started = message;
        return true;
    }

    boolean finish(Instant time) {
        if (finished) {
            return false;
        }
        finished = true;
        finishedAt = time;
        return true;
    }

    boolean epoch(EpochEvent event) {
        // A resumed run repeats epochs in a higher segment; its latest report is what counts.
        boolean later = event.segment() > lastSegment || (event.segment() == lastSegment && event.epoch() > lastEpoch);
        if (!later) {
            return false;
        }
        lastSegment = event.segment();
        lastEpoch = event.epoch();
        return true;
    }

    boolean ack(Ack ack) {
        if (ack.status() == Ack.Status.REFUSED) {
            return refused.putIfAbsent(ack.commandId(), ack.reason()) == null;
        }
        return applied.computeIfAbsent(ack.commandId(), id -> new TreeSet<>()).add(ack.epoch());
    }
}
