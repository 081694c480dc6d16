package dev.firstpass.trainer.command;

import dev.firstpass.core.protocol.Command;
import dev.firstpass.trainer.perturb.Perturbation;

/**
 * A perturbation to apply at the current epoch boundary, with the command that ordered it.
 *
 * @param command the command
 * @param perturbation what to do
 */
public record DueKick(Command command, Perturbation perturbation) {
}
