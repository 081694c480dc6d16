package dev.firstpass.cli.broker;

import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.TopicRole;
import dev.firstpass.core.protocol.Topics;
import java.util.Map;

/** Creates the default FirstPass topics on an embedded broker, each with the retention of its role. */
public final class FirstPassTopics {

    private FirstPassTopics() {
    }

    /** Creates every topic of {@link Topics#all()} missing from {@code broker}, with {@code partitions} each. */
    public static void create(EmbeddedKafkaBroker broker, int partitions) {
        for (String topic : Topics.all()) {
            broker.createTopics(Map.of(topic, partitions), TopicRole.ofDefaultTopic(topic).configs());
        }
    }
}
