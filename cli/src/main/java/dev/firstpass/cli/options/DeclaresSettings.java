package dev.firstpass.cli.options;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command whose options are built from the settings its component declares. Such a command names
 * {@link AddOptions} as its picocli model transformer, which adds them once the command is inspected.
 */
public interface DeclaresSettings {

    /** The options of the command's declared settings. */
    DeclaredOptions declaredOptions();

    /** Adds the declared options of the command being built to its model. */
    final class AddOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return ((DeclaresSettings) spec.userObject()).declaredOptions().addTo(spec);
        }
    }
}
