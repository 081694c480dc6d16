package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.monitor.query.ExperimentSummary;
import dev.firstpass.monitor.query.ExperimentView;
import dev.firstpass.monitor.query.MonitorQueries;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueriesTest {

    @TempDir
    Path stateDir;

    @Test
    void queriesReadTheExperimentAndStatisticsStores() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r1", null, 0.5, 0.85);
            monitor.run("r2", null, 0.9);
            MonitorQueries queries = monitor.queries();
            assertThat(queries.experiment("e1")).contains(new ExperimentView("e1", 2, 3, true, List.of()));

            monitor.tick();
            Map<String, FptStats> published = monitor.publishedStats();

            assertThat(queries.experiments()).containsExactly(new ExperimentSummary("e1", 2));
            assertThat(queries.experiment("e1")).contains(new ExperimentView("e1", 2, 3, false, List.copyOf(published.values())));
            assertThat(queries.experiment("e2")).isEmpty();
        }
    }
}
