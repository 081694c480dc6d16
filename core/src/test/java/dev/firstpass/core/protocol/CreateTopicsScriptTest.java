package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docker-compose's topic script creates every topic with the configuration of its {@link TopicRole}. */
class CreateTopicsScriptTest {

    @Test
    void theScriptCreatesEveryTopicWithItsRolesConfiguration() throws IOException {
        List<String> lines = Files.readAllLines(repositoryRoot().resolve("deploy/kafka/create-topics.sh"));
        List<String> table = lines.subList(lines.indexOf("done <<'TOPICS'") + 1, lines.indexOf("TOPICS"));
        Map<String, Map<String, String>> scripted = new LinkedHashMap<>();
        for (String line : table) {
            String[] words = line.split(" ");
            scripted.put(words[0], Arrays.stream(words, 1, words.length).map(setting -> setting.split("=", 2))
                    .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1])));
        }

        Map<String, Map<String, String>> declared = new LinkedHashMap<>();
        Topics.all().forEach(topic -> declared.put(topic, TopicRole.ofDefaultTopic(topic).configs()));
        assertThat(scripted).hasSize(Topics.all().size()).isEqualTo(declared);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/kafka/create-topics.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/kafka/create-topics.sh above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
