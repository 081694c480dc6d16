package dev.firstpass.cli.options;

import dev.firstpass.core.settings.Problem;
import dev.firstpass.core.settings.Setting;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's options built from the settings its component declares, so that the option, its
 * environment variable, default and help line are written once, in the declaration.
 *
 * <p>Values stay text until the component's configuration reads them, so there is one rule per setting
 * and one message for breaking it; {@link #explain} restates that message with the option, and says when
 * the bad value came from the environment rather than the command line.
 */
public final class DeclaredOptions {

    private final List<Setting<?>> settings;
    private final UnaryOperator<String> environment;

    private DeclaredOptions(Collection<Setting<?>> settings, UnaryOperator<String> environment) {
        this.settings = List.copyOf(settings);
        this.environment = environment;
    }

    /** The options of {@code settings}, whose defaults come from the process's environment. */
    public static DeclaredOptions of(Collection<Setting<?>> settings) {
        return new DeclaredOptions(settings, System::getenv);
    }

    /** The same, with the environment {@code environment} describes; for tests. */
    static DeclaredOptions of(Collection<Setting<?>> settings, UnaryOperator<String> environment) {
        return new DeclaredOptions(settings, environment);
    }

    /** Adds one option per setting to {@code spec}, in declaration order. */
    public CommandSpec addTo(CommandSpec spec) {
        for (Setting<?> setting : settings) {
            OptionSpec.Builder option = OptionSpec.builder(setting.option())
                    .paramLabel(setting.label())
                    .description(help(setting))
                    .defaultValue("${env:" + setting.environment()
                            + (setting.presence() == Setting.Presence.DEFAULT ? ":-" + setting.defaultText() : "") + "}");
            if (setting.repeatable()) {
                option.type(List.class).auxiliaryTypes(String.class).splitRegex(",");
            } else {
                option.type(String.class);
            }
            if (setting.flag()) {
                option.arity("0..1").fallbackValue("true");
            }
            spec.addOption(option.build());
        }
        return spec;
    }

    /** The settings as given (on the command line, else in the environment, else their defaults), by key. */
    public Map<String, String> values(CommandSpec spec) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            Object value = spec.findOption(setting.option()).getValue();
            if (value instanceof List<?> items) {
                if (!items.isEmpty()) {
                    values.put(setting.key(), String.join(",", items.stream().map(String::valueOf).toList()));
                }
            } else if (value != null) {
                values.put(setting.key(), value.toString());
            }
        }
        return values;
    }

    /**
     * {@code problem} in the words of the command line: the option instead of the key, and where the value
     * came from when it was the environment. A problem told as text by another part (an input adapter)
     * whose subject is a declared setting is restated the same way; others keep their text.
     */
    public String explain(Problem problem, CommandSpec spec) {
        for (Setting<?> setting : settings) {
            if (problem.setting() == null && problem.rule().startsWith(setting.key() + " ")) {
                return explain(Problem.of(setting.key(), null, problem.rule().substring(setting.key().length() + 1)),
                        spec);
            }
            if (setting.key().equals(problem.setting())) {
                if (problem.value() == null && problem.rule().equals("is required")) {
                    return setting.option() + " is required: give " + setting.option() + " or set "
                            + setting.environment();
                }
                boolean fromEnvironment = !spec.commandLine().getParseResult().hasMatchedOption(setting.option())
                        && environment.apply(setting.environment()) != null;
                return problem.message(setting.option())
                        + (fromEnvironment ? " (from the environment variable " + setting.environment() + ")" : "");
            }
        }
        return problem.message();
    }

    private static String help(Setting<?> setting) {
        String fallback = switch (setting.presence()) {
            case REQUIRED -> " Required.";
            case OPTIONAL -> " Default: " + setting.defaultText() + ".";
            case DEFAULT -> " Default: " + setting.defaultText() + ".";
        };
        return setting.doc() + " (env " + setting.environment() + ")." + fallback;
    }
}
