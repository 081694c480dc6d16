package dev.firstpass.cli.report;

import java.nio.file.Path;
import java.util.Optional;

/** Where the analysed arms were read from, for the inputs section of every report. */
public record ReportSources(Path baseline, Optional<Path> probe) {
}
