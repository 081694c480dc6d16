package dev.firstpass.core.protocol.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a verifier accepts commands signed with, by id; holding the old and the new key at once is
 * what lets keys rotate without a moment when good commands are refused.
 *
 * <p>The text form, for files and environment variables, is entries {@code id:base64secret} separated
 * by commas or line breaks, for example {@code k2025a:3q2+7w...=,k2025b:q83v...=}. Ids are 1 to 64
 * letters, digits, '.', '_' or '-'; secrets are standard base64 (RFC 4648, padding optional) of at
 * least {@value CommandKey#MIN_SECRET_BYTES} bytes; blank lines are skipped and a '#' starts a comment
 * that runs to the end of its line.
 */
public final class CommandKeyRing {

    private final Map<String, CommandKey> keys;

    private CommandKeyRing(Map<String, CommandKey> keys) {
        this.keys = keys;
    }

    /**
     * A ring of {@code keys}.
     *
     * @throws CommandKeyException when there is no key or an id is given twice
     */
    public static CommandKeyRing of(CommandKey... keys) {
        return of(List.of(keys));
    }

    /**
     * A ring of {@code keys}.
     *
     * @throws CommandKeyException when there is no key or an id is given twice
     */
    public static CommandKeyRing of(List<CommandKey> keys) {
        List<String> problems = new ArrayList<>();
        Map<String, CommandKey> byId = new LinkedHashMap<>();
        for (CommandKey key : keys) {
            if (byId.putIfAbsent(key.id(), key) != null) {
                problems.add("command key id '" + key.id() + "' is given twice");
            }
        }
        if (byId.isEmpty()) {
            problems.add("a command key ring needs at least one key");
        }
        if (!problems.isEmpty()) {
            throw new CommandKeyException(problems);
        }
        return new CommandKeyRing(byId);
    }

    /**
     * The keys written in {@code text} (see the class comment for the format).
     *
     * @param source what the text is, named in messages, e.g. "FIRSTPASS_COMMAND_KEYS"
     * @throws CommandKeyException listing every problem, each prefixed with {@code source}; a secret is
     *     named by its key id or entry number, never shown
     */
    public static CommandKeyRing parse(String text, String source) {
        List<String> problems = new ArrayList<>();
        Map<String, CommandKey> byId = new LinkedHashMap<>();
        int entry = 0;
        for (String line : (text == null ? "" : text).split("\\R", -1)) {
            int comment = line.indexOf('#');
            String content = comment < 0 ? line : line.substring(0, comment);
            for (String item : content.split(",", -1)) {
                String trimmed = item.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                entry++;
                CommandKey key = parseEntry(trimmed, entry, source, problems);
                if (key != null && byId.putIfAbsent(key.id(), key) != null) {
                    problems.add(source + ": command key id '" + key.id() + "' is given twice");
                }
            }
        }
        if (entry == 0) {
            problems.add(source + " holds no command key; write id:base64secret[,id:base64secret...]");
        }
        if (!problems.isEmpty()) {
            throw new CommandKeyException(problems);
        }
        return new CommandKeyRing(byId);
    }

    /**
     * The keys written in {@code file}, in the text form.
     *
     * @throws CommandKeyException when the file cannot be read or its keys are not usable
     */
    public static CommandKeyRing fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandKeyException(List.of("command key file " + file + " cannot be read: " + e));
        }
        return parse(text, "command key file " + file);
    }

    private static CommandKey parseEntry(String entry, int number, String source, List<String> problems) {
        int colon = entry.indexOf(':');
        if (colon < 0) {
            // The entry may be a bare secret pasted without its id, so it is named by position only.
            problems.add(source + ": entry " + number + " must be id:base64secret, but has no ':'");
            return null;
        }
        String id = entry.substring(0, colon).strip();
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            problems.add(source + ": the secret of command key '" + id + "' (entry " + number
                    + ") must be standard base64");
            return null;
        }
        List<String> keyProblems = new ArrayList<>();
        CommandKey.check(keyProblems, id, secret);
        if (!keyProblems.isEmpty()) {
            keyProblems.forEach(problem -> problems.add(source + ": " + problem));
            return null;
        }
        return CommandKey.of(id, secret);
    }

    /** The key named {@code id}, if this ring holds it. */
    public Optional<CommandKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** The keys in the order given. */
    public List<CommandKey> keys() {
        return List.copyOf(keys.values());
    }

    /** The key ids in the order given. */
    public List<String> ids() {
        return List.copyOf(keys.keySet());
    }

    public int size() {
        return keys.size();
    }

    /** The ids only, as for {@link CommandKey#toString()}. */
    @Override
    public String toString() {
        return "CommandKeyRing" + ids();
    }
}
