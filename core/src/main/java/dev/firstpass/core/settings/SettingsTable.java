package dev.firstpass.core.settings;

import java.util.Collection;
import java.util.List;

/**
 * The rows of a docs table of settings, made from their declarations, so that a test can check that the
 * docs say what the code does: option, configuration key, environment variable, default, meaning.
 */
public final class SettingsTable {

    /** The header and separator every settings table starts with. */
    public static final String HEADER = """
            | option | configuration key | environment variable | default | meaning |
            |---|---|---|---|---|""";

    private SettingsTable() {
    }

    /** One Markdown row per setting, in declaration order. */
    public static List<String> rows(Collection<Setting<?>> settings) {
        return settings.stream().map(SettingsTable::row).toList();
    }

    private static String row(Setting<?> setting) {
        String fallback = setting.presence() == Setting.Presence.DEFAULT ? "`" + setting.defaultText() + "`"
                : setting.defaultText();
        return "| `" + setting.option() + "` | `" + setting.key() + "` | `" + setting.environment() + "` | " + fallback
                + " | " + setting.doc().replace("|", "\\|") + " |";
    }
}
