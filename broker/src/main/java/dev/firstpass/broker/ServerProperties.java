package dev.firstpass.broker;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The broker properties of one combined broker-and-controller node on loopback.
 *
 * <p>Internal topics get replication factor 1 and min ISR 1 because there is only one replica; without
 * that, consumer groups, transactions (and so exactly-once Streams) and share groups never become ready.
 *
 * <p>A secured node has three listeners, all SASL: CLIENT for clients, with SCRAM users whose
 * credentials live in the metadata, over TLS when the settings have a keystore; INTERNAL (between
 * brokers, and the embedded broker's own admin client) and CONTROLLER, both with the PLAIN mechanism and
 * one user, the broker itself, whose password is in the configuration. SCRAM cannot serve the
 * controller: its credentials are metadata the controller has not read yet when it starts. The broker's
 * user is the only super user; everyone else gets what ACLs allow, and nothing where no ACL is found.
 */
final class ServerProperties {

    static final int NODE_ID = 1;
    static final String HOST = "127.0.0.1";
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SECURED_CLIENT_LISTENER = "CLIENT";
    static final String INTERNAL_LISTENER = "INTERNAL";
    /** The user a secured broker authenticates as on its own listeners; its only super user. */
    static final String BROKER_USER = "firstpass_broker";
    static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    /** Properties that tie the node to its ports and directory; settings may not override them. */
    static final Set<String> OWNED = Set.of(
            "process.roles", "node.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "listeners", "advertised.listeners", "controller.listener.names", "inter.broker.listener.name",
            "listener.security.protocol.map", "log.dir", "log.dirs", "metadata.log.dir");

    /** Authentication and authorizer properties of a secured broker; settings may not override them there. */
    private static final Set<String> OWNED_WHEN_SECURED = Set.of(
            "authorizer.class.name", "super.users", "sasl.enabled.mechanisms", "sasl.mechanism.inter.broker.protocol",
            "sasl.mechanism.controller.protocol", "sasl.jaas.config");

    private ServerProperties() {
    }

    static boolean ownedWhenSecured(String key) {
        return OWNED_WHEN_SECURED.contains(key) || key.startsWith("listener.name.");
    }

    /**
     * The properties of the node; {@code internalPort} and {@code brokerPassword} serve a secured node's
     * INTERNAL listener and are ignored otherwise.
     */
    static Properties of(BrokerSettings settings, Path dataDir, int port, int controllerPort, int internalPort,
            String brokerPassword) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        if (settings.secured()) {
            putSecuredListeners(props, port, controllerPort, internalPort, brokerPassword, settings.tlsKeystore());
        } else {
            props.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ","
                    + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
            props.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + port);
            props.put("inter.broker.listener.name", CLIENT_LISTENER);
            props.put("listener.security.protocol.map",
                    CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        }
        props.put("log.dirs", dataDir.toString());
        props.put("metadata.log.dir", dataDir.toString());

        props.put("num.partitions", Integer.toString(settings.defaultPartitions()));
        props.put("auto.create.topics.enable", Boolean.toString(settings.autoCreateTopics()));
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // One node: coordinator partitions beyond one only lengthen the first group join and transaction.
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        // Tests and the demo start consumers one after another; waiting for late joiners only adds delay.
        props.put("group.initial.rebalance.delay.ms", "0");

        props.putAll(settings.brokerProperties());
        return props;
    }

    private static void putSecuredListeners(Properties props, int port, int controllerPort, int internalPort,
            String brokerPassword, BrokerSettings.Keystore tls) {
        String client = SECURED_CLIENT_LISTENER + "://" + HOST + ":" + port;
        String internal = INTERNAL_LISTENER + "://" + HOST + ":" + internalPort;
        String controller = CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort;
        props.put("listeners", client + "," + internal + "," + controller);
        props.put("advertised.listeners", client + "," + internal);
        props.put("inter.broker.listener.name", INTERNAL_LISTENER);
        String clientProtocol = tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
        props.put("listener.security.protocol.map", SECURED_CLIENT_LISTENER + ":" + clientProtocol + ","
                + INTERNAL_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        String clientPrefix = "listener.name." + SECURED_CLIENT_LISTENER.toLowerCase(Locale.ROOT) + ".";
        if (tls != null) {
            props.put(clientPrefix + "ssl.keystore.location", tls.location().toString());
            props.put(clientPrefix + "ssl.keystore.password", tls.password());
            props.put(clientPrefix + "ssl.key.password", tls.password());
        }
        props.put(clientPrefix + "sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512");
        // The server side of SCRAM reads the credentials from the metadata; the login module only has to be named.
        props.put(clientPrefix + "scram-sha-256.sasl.jaas.config", SCRAM_LOGIN_MODULE + " required;");
        props.put(clientPrefix + "scram-sha-512.sasl.jaas.config", SCRAM_LOGIN_MODULE + " required;");
        // The broker is both client (username, password) and server (user_<name>) of its own PLAIN listeners.
        String plain = PLAIN_LOGIN_MODULE + " required username=\"" + BROKER_USER + "\" password=\"" + brokerPassword
                + "\" user_" + BROKER_USER + "=\"" + brokerPassword + "\";";
        for (String listener : new String[] {INTERNAL_LISTENER, CONTROLLER_LISTENER}) {
            String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
            props.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
            props.put(prefix + "plain.sasl.jaas.config", plain);
        }
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("authorizer.class.name", STANDARD_AUTHORIZER);
        props.put("super.users", "User:" + BROKER_USER);
        props.put("allow.everyone.if.no.acl.found", "false");
    }

    /** Admin client properties of the broker's own user, on the INTERNAL listener of a secured node. */
    static Map<String, Object> brokerAdmin(int internalPort, String brokerPassword) {
        return Map.of(
                "bootstrap.servers", HOST + ":" + internalPort,
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", PLAIN_LOGIN_MODULE + " required username=\"" + BROKER_USER + "\" password=\""
                        + brokerPassword + "\";");
    }
}
