package dev.firstpass.sink;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository's top level (deploy/, docker-compose.yml), found from a module's working folder. */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (with docker-compose.yml and deploy/) above "
                + Path.of("").toAbsolutePath());
    }

    static Path dashboardTemplate() {
        return root().resolve("deploy/influxdb/firstpass-dashboard.json");
    }
}
