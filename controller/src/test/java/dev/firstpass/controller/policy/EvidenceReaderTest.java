package dev.firstpass.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvidenceReaderTest {

    @Test
    void theBaselineIntervalIsReadFromTheMonitorsRecommendation() {
        assertThat(EvidenceReader.baselineInterval("keep training unperturbed: shrink_perturb every 9 epochs:"
                + " predicted MFPT 30.1 [25.0, 36.2] vs the baseline's 41.0 [33.9, n/a], the intervals overlap"))
                .containsExactly(41.0, 33.9, null);
    }

    @Test
    void aReasonThatStatesNoIntervalLeavesItUnknown() {
        assertThat(EvidenceReader.baselineInterval("waiting for at least 8 baseline runs (have 3)"))
                .containsExactly(null, null, null);
        assertThat(EvidenceReader.baselineInterval(null)).containsExactly(null, null, null);
    }
}
