package dev.firstpass.core.settings;

import dev.firstpass.core.protocol.PerturbationKind;

/** Settings that mean the same in every component that has them, declared once for all of them. */
public final class SharedSettings {

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.withDefault("bootstrap.servers", "HOST:PORT",
            Parsers.hostPorts(), "127.0.0.1:9092", "Kafka to connect to");

    public static final Setting<PerturbationKind> PERTURBATION = Setting.withDefault("perturbation", "KIND",
            Parsers.oneOf(PerturbationKind::parse, "must be one of " + PerturbationKind.names()), "shrink_perturb",
            "The perturbation the kicked runs receive: " + PerturbationKind.names());

    private SharedSettings() {
    }
}
