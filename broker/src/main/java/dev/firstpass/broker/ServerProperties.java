package dev.firstpass.broker;

import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/**
 * The broker properties of one combined broker-and-controller node on loopback.
 *
 * <p>Internal topics get replication factor 1 and min ISR 1 because there is only one replica; without
 * that, consumer groups, transactions (and so exactly-once Streams) and share groups never become ready.
 */
final class ServerProperties {

    static final int NODE_ID = 1;
    static final String HOST = "127.0.0.1";
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Properties that tie the node to its ports and directory; settings may not override them. */
    static final Set<String> OWNED = Set.of(
            "process.roles", "node.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "listeners", "advertised.listeners", "controller.listener.names", "inter.broker.listener.name",
            "listener.security.protocol.map", "log.dir", "log.dirs", "metadata.log.dir");

    private ServerProperties() {
    }

    static Properties of(BrokerSettings settings, Path dataDir, int port, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + port);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put("listener.security.protocol.map",
                CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
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
}
