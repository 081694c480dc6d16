package dev.firstpass.core.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;

/**
 * The perturbations a trainer can apply, each with the parameters it takes and their valid ranges.
 *
 * <p>Unknown parameters are refused for every kind: a misspelt "shrnk" silently replaced by the default
 * would make an experiment measure something other than what it claims.
 */
public enum PerturbationKind {
    /** Scale weights by {@code shrink} and add noise of scale {@code perturb}. */
    SHRINK_PERTURB(
            Param.withDefault("shrink", 0.4, "in (0, 1]", x -> x > 0 && x <= 1),
            Param.withDefault("perturb", 0.1, "at least 0", x -> x >= 0 && Double.isFinite(x))),
    /** Re-initialise a {@code fraction} of the weights. */
    PARTIAL_RESET(Param.required("fraction", "in (0, 1]", x -> x > 0 && x <= 1)),
    /** Re-initialise the whole model. */
    FULL_RESET,
    /** Restart the learning-rate schedule. */
    WARM_RESTART,
    /** Add Gaussian noise of standard deviation {@code sigma} to the weights. */
    WEIGHT_NOISE(Param.required("sigma", "greater than 0", x -> x > 0 && Double.isFinite(x)));

    private final List<Param> params;

    PerturbationKind(Param... params) {
        this.params = List.of(params);
    }

    /**
     * The kind named {@code text} in its wire spelling ("shrink_perturb"), in any case. Every option and
     * setting that names a kind reads it here, so all of them accept the same names.
     *
     * @throws IllegalArgumentException naming the accepted kinds and the offending text
     */
    public static PerturbationKind parse(String text) {
        String name = text == null ? "" : text.trim();
        for (PerturbationKind kind : values()) {
            if (kind.wireName().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("perturbation must be one of " + names() + ": '" + text + "'");
    }

    /** Every kind's wire name, comma separated, for help and messages. */
    public static String names() {
        return Arrays.stream(values()).map(PerturbationKind::wireName).collect(Collectors.joining(", "));
    }

    /** The lower snake-case name used on the wire, e.g. "shrink_perturb". */
    @JsonValue
    public String wireName() {
        return JsonFields.wireName(this);
    }

    /** The parameters this kind takes, in their canonical order. */
    public Set<String> parameterNames() {
        return params.stream().map(Param::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The values used for parameters that a command leaves out. */
    public Map<String, Double> defaults() {
        Map<String, Double> defaults = new LinkedHashMap<>();
        params.stream().filter(p -> p.byDefault() != null).forEach(p -> defaults.put(p.name(), p.byDefault()));
        return Collections.unmodifiableMap(defaults);
    }

    void check(Violations v, Map<String, Double> given) {
        for (Param param : params) {
            String path = "params." + param.name();
            Double value = given.get(param.name());
            if (value == null && given.containsKey(param.name())) {
                v.add(path, subject(param.name()) + " must be a number: null");
            } else if (value == null && param.byDefault() == null) {
                v.add(path, subject(param.name()) + " is required");
            } else if (value != null && !param.accepts().test(value)) {
                v.add(path, subject(param.name()) + " must be " + param.rule() + ": " + value);
            }
        }
        Set<String> known = parameterNames();
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                String takes = known.isEmpty() ? "none" : String.join(", ", known);
                v.add("params." + name, wireName() + " does not take parameter " + Violations.showName(name)
                        + " (takes " + takes + ")");
            }
        }
    }

    /** Given values with defaults filled in, in canonical order, so a command states what it does. */
    Map<String, Double> withDefaults(Map<String, Double> given) {
        Map<String, Double> complete = new LinkedHashMap<>();
        for (Param param : params) {
            Double value = given.getOrDefault(param.name(), param.byDefault());
            complete.put(param.name(), value);
        }
        return Collections.unmodifiableMap(complete);
    }

    String subject(String param) {
        return wireName() + " parameter " + Violations.showName(param);
    }

    private record Param(String name, Double byDefault, String rule, DoublePredicate accepts) {

        static Param withDefault(String name, double byDefault, String rule, DoublePredicate accepts) {
            return new Param(name, byDefault, rule, accepts);
        }

        static Param required(String name, String rule, DoublePredicate accepts) {
            return new Param(name, null, rule, accepts);
        }
    }
}
