package dev.firstpass.broker;

import java.util.Objects;

/**
 * A user of a secured {@link EmbeddedKafkaBroker}: a name and a password, from which the broker stores
 * SCRAM-SHA-256 and SCRAM-SHA-512 credentials; its principal in ACLs is {@code User:<name>}.
 *
 * @param name     the SCRAM user name
 * @param password the password; never part of {@link #toString()}
 */
public record ScramUser(String name, String password) {

    public ScramUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
    }

    /** The principal ACLs name this user by, e.g. "User:trainer". */
    public String principal() {
        return "User:" + name;
    }

    @Override
    public String toString() {
        return "ScramUser[name=" + name + ", password=[hidden]]";
    }
}
