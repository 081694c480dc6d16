package dev.firstpass.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version shown by {@code firstpass --version}, taken from the build. */
public final class FirstPassVersion implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"firstpass " + projectVersion()};
    }

    /** The project version the build wrote into the resource, "unknown" when run from unfiltered classes. */
    public static String projectVersion() {
        try (InputStream stream = FirstPassVersion.class.getResourceAsStream(RESOURCE)) {
            if (stream == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(stream);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
