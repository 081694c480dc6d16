package dev.firstpass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void capturedOutputGetsALineEachTimeAStagePassesAQuarter() {
        StringWriter err = new StringWriter();
        ConsoleProgress progress = ConsoleProgress.inQuarterLines(new PrintWriter(err));

        for (int done = 100; done <= 1000; done += 100) {
            progress.update("bootstrap >= 55.0 (1/2)", done, 1000);
        }
        progress.update("bootstrap >= 56.0 (2/2)", 500, 1000);
        progress.finish();

        assertThat(err).hasToString("""
                firstpass: bootstrap >= 55.0 (1/2): 30% (300/1000)
                firstpass: bootstrap >= 55.0 (1/2): 50% (500/1000)
                firstpass: bootstrap >= 55.0 (1/2): 80% (800/1000)
                firstpass: bootstrap >= 55.0 (1/2): 100% (1000/1000)
                firstpass: bootstrap >= 56.0 (2/2): 50% (500/1000)
                """);
    }

    @Test
    void terminalGetsOneLineRewrittenInPlace() {
        StringWriter err = new StringWriter();
        ConsoleProgress progress = ConsoleProgress.onTerminal(new PrintWriter(err));

        progress.update("bootstrap >= 55.0 (1/1)", 100, 1000);
        progress.update("bootstrap >= 55.0 (1/1)", 1000, 1000);
        progress.finish();

        assertThat(err).hasToString("\rfirstpass: bootstrap >= 55.0 (1/1): 10% (100/1000)"
                + "\rfirstpass: bootstrap >= 55.0 (1/1): 100% (1000/1000)\n");
    }
}
