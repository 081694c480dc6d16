package dev.firstpass.sink;

import dev.firstpass.core.protocol.Command;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commands seen lately, by command id, so that an ack can be written with its command's kind and
 * latency. Bounded: the oldest are forgotten first, since an ack follows its command within epochs.
 */
final class CommandIndex {

    static final int DEFAULT_CAPACITY = 100_000;

    private final Map<String, CommandInfo> byId;

    CommandIndex(int capacity) {
        this.byId = new LinkedHashMap<>(256, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CommandInfo> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(Command command) {
        byId.put(command.commandId(), CommandInfo.of(command));
    }

    /** The command, or null when it was never seen or is forgotten. */
    synchronized CommandInfo find(String commandId) {
        return byId.get(commandId);
    }

    synchronized int size() {
        return byId.size();
    }
}
