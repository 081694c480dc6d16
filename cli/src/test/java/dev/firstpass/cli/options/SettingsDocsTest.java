package dev.firstpass.cli.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.CliRun;
import dev.firstpass.cli.controller.ControllerCommand;
import dev.firstpass.cli.sink.SinkCommand;
import dev.firstpass.cli.train.TrainSettings;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.settings.Setting;
import dev.firstpass.core.settings.SettingsTable;
import dev.firstpass.monitor.MonitorConfig;
import dev.firstpass.sink.SinkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The docs' settings tables and the commands' help say what the declarations say, setting by setting. */
class SettingsDocsTest {

    @Test
    void theMonitorsTableHoldsARowForEveryDeclaredSetting() throws IOException {
        assertTableHolds(Path.of("..", "docs", "monitor.md"), MonitorConfig.SETTINGS);
    }

    @Test
    void theControllersTableHoldsARowForEveryDeclaredSettingAndTheCommandsOwn() throws IOException {
        List<Setting<?>> settings = new ArrayList<>(ControllerConfig.SETTINGS);
        settings.add(ControllerCommand.STATUS_INTERVAL);
        assertTableHolds(Path.of("..", "docs", "controller.md"), settings);
    }

    @Test
    void theSinksTableHoldsARowForEveryDeclaredSettingAndTheCommandsOwn() throws IOException {
        List<Setting<?>> settings = new ArrayList<>(SinkConfig.SETTINGS);
        settings.add(SinkCommand.STATUS_INTERVAL);
        settings.add(SinkCommand.STATUS_FILE);
        assertTableHolds(Path.of("..", "docs", "sink.md"), settings);
    }

    @Test
    void theAnalysisTableHoldsARowForEveryDeclaredSetting() throws IOException {
        assertTableHolds(Path.of("..", "docs", "analysis.md"), AnalysisSettings.SETTINGS);
    }

    @Test
    void theTrainersTableHoldsARowForEveryDeclaredSetting() throws IOException {
        assertTableHolds(Path.of("..", "docs", "train.md"), TrainSettings.SETTINGS);
    }

    @Test
    void everyDeclaredSettingIsAnOptionInTheHelpWithItsVariable() {
        assertHelpHolds("analyze", AnalysisSettings.SETTINGS);
        assertHelpHolds("train", TrainSettings.SETTINGS);
        assertHelpHolds("sink", SinkConfig.SETTINGS);
        assertHelpHolds("monitor", MonitorConfig.SETTINGS);
        assertHelpHolds("controller", ControllerConfig.SETTINGS);
    }

    private static void assertTableHolds(Path doc, List<Setting<?>> settings) throws IOException {
        String text = Files.readString(doc);
        assertThat(settings).isNotEmpty();
        assertThat(text).contains(SettingsTable.HEADER);
        for (String row : SettingsTable.rows(settings)) {
            assertThat(text).as("%s holds the row", doc).contains(row);
        }
    }

    private static void assertHelpHolds(String command, List<Setting<?>> settings) {
        // Help wraps long lines, so compare with whitespace collapsed.
        String help = CliRun.execute(command, "--help").out().replaceAll("\\s+", " ");
        assertThat(settings).isNotEmpty();
        for (Setting<?> setting : settings) {
            String synopsis = setting.flag() ? setting.option() + "[=" + setting.label() + "]"
                    : setting.option() + "=" + setting.label();
            assertThat(help).as("%s --help", command).contains(synopsis)
                    .contains("env " + setting.environment());
        }
    }
}
