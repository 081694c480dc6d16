package dev.firstpass.monitor.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.monitor.experiment.LatestStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * {@link LatestStats} as {"experiment": ..., "stats": [...]}, each element exactly the published
 * {@link FptStats} JSON, so the protocol's one reader and writer decide that format.
 */
final class LatestStatsSerde {

    private LatestStatsSerde() {
    }

    static Serde<LatestStats> create() {
        return Serdes.serdeFrom((topic, data) -> write(data), (topic, data) -> read(data));
    }

    private static byte[] write(LatestStats data) {
        if (data == null) {
            return null;
        }
        try {
            ObjectNode root = JsonSerde.MAPPER.createObjectNode();
            root.put("experiment", data.experiment());
            ArrayNode stats = root.putArray("stats");
            for (FptStats record : data.stats()) {
                stats.add(JsonSerde.MAPPER.readTree(ProtocolJson.writeBytes(record)));
            }
            return JsonSerde.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new SerializationException("cannot write the latest statistics of " + data.experiment(), e);
        }
    }

    private static LatestStats read(byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            JsonNode root = JsonSerde.MAPPER.readTree(data);
            List<FptStats> stats = new ArrayList<>();
            for (JsonNode record : root.path("stats")) {
                stats.add(ProtocolJson.parseFptStats(JsonSerde.MAPPER.writeValueAsBytes(record)));
            }
            return new LatestStats(root.path("experiment").asText(), stats);
        } catch (IOException e) {
            throw new SerializationException("cannot read stored statistics", e);
        }
    }
}
