package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The assembled folders: the launcher's class path and each plugin's own libraries stay apart. */
class DistributionLayoutIT {
    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void libHoldsTheLauncherAndCoreButNoPlugin() throws IOException {
        assertThat(jars("lib"))
                .anyMatch(jar -> jar.startsWith("hawkeye-dist-"))
                .anyMatch(jar -> jar.startsWith("hawkeye-core-"))
                .anyMatch(jar -> jar.startsWith("hawkeye-api-"))
                .anyMatch(jar -> jar.startsWith("hawkeye-client-"))
                .anyMatch(jar -> jar.startsWith("picocli-"))
                .anyMatch(jar -> jar.startsWith("logback-classic-"))
                .anyMatch(jar -> jar.startsWith("slf4j-jdk-platform-logging-"))
                .noneMatch(jar -> jar.startsWith("hawkeye-transport-unix-"))
                .noneMatch(jar -> jar.startsWith("hawkeye-store-redis-"))
                .noneMatch(jar -> jar.startsWith("jsonrpc4j-"))
                .noneMatch(jar -> jar.startsWith("jedis-"));
    }

    @Test
    void aPluginFolderCarriesItsOwnLibrariesButNotWhatItSharesWithTheHost() throws IOException {
        assertThat(jars("plugins/unix"))
                .anyMatch(jar -> jar.startsWith("hawkeye-transport-unix-"))
                .anyMatch(jar -> jar.startsWith("jsonrpc4j-"))
                .anyMatch(jar -> jar.startsWith("jackson-databind-"))
                .anyMatch(jar -> jar.startsWith("junixsocket-common-"))
                .noneMatch(jar -> jar.startsWith("hawkeye-api-"))
                .noneMatch(jar -> jar.startsWith("hawkeye-core-"))
                .noneMatch(jar -> jar.startsWith("slf4j-api-"))
                .noneMatch(jar -> jar.startsWith("logback-"))
                .noneMatch(jar -> jar.startsWith("picocli-"));
        assertThat(jars("plugins/redis")).anyMatch(jar -> jar.startsWith("hawkeye-store-redis-"));
        assertThat(distribution.home().resolve("plugins")).isDirectoryContaining(path -> path.endsWith("email"))
                .isDirectoryContaining(path -> path.endsWith("slack"));
    }

    @Test
    void theLauncherScriptAndTheLoggingConfigAreInPlace() {
        assertThat(distribution.home().resolve("bin/hawkeye")).isExecutable();
        assertThat(distribution.home().resolve("conf/logback.xml")).isRegularFile();
    }

    private List<String> jars(String folder) throws IOException {
        try (Stream<Path> files = Files.list(distribution.home().resolve(folder))) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
