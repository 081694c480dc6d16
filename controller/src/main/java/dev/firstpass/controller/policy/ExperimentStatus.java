package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.Role;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where the controller stands with one experiment, for status lines and tests.
 *
 * @param tau0 the probe's period, or null before probing
 * @param tauStar the period exploited, or null when not exploiting
 * @param runsByRole how many runs have each role (roles without runs are left out)
 * @param commands commands decided so far (sent unless dry-run)
 */
public record ExperimentStatus(String experiment, Phase phase, Integer tau0, Integer tauStar, Integer tauStarLow,
        Integer tauStarHigh, Map<Role, Integer> runsByRole, int commands) {

    public ExperimentStatus {
        EnumMap<Role, Integer> copy = new EnumMap<>(Role.class);
        copy.putAll(runsByRole);
        runsByRole = Collections.unmodifiableMap(copy);
    }

    /** One line, e.g. "cifar: exploit, tau0 20, tau* 10 [9, 12], runs: probe 8, exploit 14, holdout 3; 25 commands". */
    public String summary() {
        StringBuilder line = new StringBuilder(experiment).append(": ").append(phase.wireName());
        if (tau0 != null) {
            line.append(", tau0 ").append(tau0);
        }
        if (tauStar != null) {
            line.append(", tau* ").append(tauStar).append(" [").append(tauStarLow).append(", ").append(tauStarHigh)
                    .append(']');
        }
        StringJoiner roles = new StringJoiner(", ", ", runs: ", "");
        roles.setEmptyValue("");
        runsByRole.forEach((role, count) -> roles.add(role.wireName() + " " + count));
        return line.append(roles).append("; ").append(commands).append(commands == 1 ? " command" : " commands")
                .toString();
    }
}
