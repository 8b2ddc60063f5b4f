package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hawkeye.api.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code .env} file of arbitrary bytes, read as {@link Environment#load} reads it: variables, or
 * a {@link ConfigException} whose every problem names the file (and a line it has) in words for a
 * person; never any other exception.
 */
class DotEnvFileFuzzTest {
    private static final Path DIR = temporaryDirectory();
    private static final Path FILE = DIR.resolve(".env");
    private static final Pattern LOCATION = Pattern.compile(Pattern.quote(FILE.toString()) + "(:(\\d+))?");

    @FuzzTest(maxDuration = "5m")
    void anyFileIsVariablesOrProblemsOnItsLines(byte[] input) throws IOException {
        Files.write(FILE, input);
        int lines = new String(input, StandardCharsets.UTF_8).split("\\R", -1).length;
        try {
            assertThat(Environment.load(Map.of(), DIR)).isNotNull();
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> {
                var location = LOCATION.matcher(problem.location());
                assertThat(location.matches()).as("location %s of %s", problem.location(), problem).isTrue();
                if (location.group(2) != null) {
                    assertThat(Integer.parseInt(location.group(2))).as("line of %s", problem).isBetween(1, lines);
                }
                assertThat(problem.message()).as("message of %s", problem).isNotBlank().doesNotContain("java.", "Exception");
            });
        }
    }

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("hawkeye-dotenv-fuzz");
            dir.toFile().deleteOnExit();
            dir.resolve(".env").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
