package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hawkeye.api.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@link ConfigLoader#parse} on arbitrary text: a configuration, or a {@link ConfigException} whose
 * every problem is placed in the file (no line further than the text has) and worded for a person,
 * without snakeyaml's or Java's internals; never any other exception.
 */
class ConfigLoaderFuzzTest {
    private static final String SOURCE = "monitors.yaml";
    private static final Pattern LOCATION = Pattern.compile(Pattern.quote(SOURCE) + "(:(\\d+)(:\\d+)?)?");
    private static final ConfigLoader LOADER = new ConfigLoader(new Environment(Map.of(
            "SMTP_HOST", "mail.example.com", "INTERVAL", "60", "EMPTY", "")));

    @FuzzTest(maxDuration = "5m")
    void anyTextIsAConfigOrProblemsInTheFile(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        int lines = yaml.split("\\R", -1).length;
        try {
            assertThat(LOADER.parse(yaml, SOURCE).source()).isEqualTo(SOURCE);
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> {
                var location = LOCATION.matcher(problem.location());
                assertThat(location.matches()).as("location %s of %s", problem.location(), problem).isTrue();
                if (location.group(2) != null) {
                    assertThat(Integer.parseInt(location.group(2))).as("line of %s", problem).isBetween(1, lines + 1);
                }
                assertThat(problem.message()).as("message of %s", problem).isNotBlank()
                        .doesNotContain("org.yaml", "java.", "Exception");
            });
        }
    }
}
