package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void readsKeyValueExportCommentsAndQuotesFromDotEnv() throws IOException {
        Files.writeString(dir.resolve(".env"), String.join("\n",
                "# SMTP settings",
                "SMTP_HOST=mail.example.com",
                "export SMTP_PORT=2525",
                "",
                "SMTP_FROM = \"Hawkeye <hawkeye@example.com>\"  # who sends",
                "SMTP_PASSWORD='se#cret $HOME'",
                "GREETING=\"line one\\nline \\\"two\\\"\"",
                "PLAIN=value with spaces # a comment",
                "EMPTY=",
                "HASH=#not-a-comment"));

        Environment environment = Environment.load(Map.of(), dir);

        assertThat(environment.get("SMTP_HOST")).contains("mail.example.com");
        assertThat(environment.get("SMTP_PORT")).contains("2525");
        assertThat(environment.get("SMTP_FROM")).contains("Hawkeye <hawkeye@example.com>");
        assertThat(environment.get("SMTP_PASSWORD")).contains("se#cret $HOME");
        assertThat(environment.get("GREETING")).contains("line one\nline \"two\"");
        assertThat(environment.get("PLAIN")).contains("value with spaces");
        assertThat(environment.get("EMPTY")).contains("");
        assertThat(environment.get("HASH")).contains("#not-a-comment");
        assertThat(environment.get("SMTP_USERNAME")).isEmpty();
    }

    @Test
    void realEnvironmentVariablesWinOverDotEnv() throws IOException {
        Files.writeString(dir.resolve(".env"), "REDIS_URL=redis://from-file:6379\nSMTP_HOST=file-host\n");

        Environment environment = Environment.load(Map.of("REDIS_URL", "redis://from-env:6379"), dir);

        assertThat(environment.get("REDIS_URL")).contains("redis://from-env:6379");
        assertThat(environment.get("SMTP_HOST")).contains("file-host");
        assertThat(environment.origin("SMTP_HOST")).hasToString(dir.resolve(".env") + ":2");
        assertThat(environment.origin("REDIS_URL")).hasToString("environment variable REDIS_URL");
    }

    @Test
    void aMissingDotEnvIsNoError() {
        Environment environment = Environment.load(Map.of("A", "1"), dir);

        assertThat(environment.get("A")).contains("1");
    }

    @Test
    void loadReadsTheProcessEnvironment() {
        Environment environment = Environment.load(dir);

        assertThat(environment.get("PATH")).isEqualTo(java.util.Optional.ofNullable(System.getenv("PATH")));
    }

    @Test
    void malformedDotEnvLinesAreAllReportedWithTheirLineAndWithoutTheirValue() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "GOOD=1\nSMTP_PASSWORD hunter2\n9LIVES=cat\nTOKEN=\"abc\n");

        assertThatThrownBy(() -> Environment.load(Map.of(), dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        new ConfigProblem(file + ":2", "", "expected KEY=value, got a line without '='"),
                        new ConfigProblem(file + ":3", "", "expected a variable name of letters, digits and _"
                                + " (not starting with a digit) before '=', got '9LIVES'"),
                        new ConfigProblem(file + ":4", "TOKEN", "expected a closing \" at the end of the value")))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void expandsVariablesDefaultsAndDollarEscapes() {
        Environment environment = new Environment(Map.of("HOST", "mail", "EMPTY", ""));

        assertThat(environment.expand("smtp://${HOST}:${PORT:-587}")).isEqualTo("smtp://mail:587");
        assertThat(environment.expand("${EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(environment.expand("[${EMPTY}]")).isEqualTo("[]");
        assertThat(environment.expand("${MISSING:-}")).isEmpty();
        assertThat(environment.expand("price: $$5, literal $${HOST}, lone $ and $x")).isEqualTo("price: $5, literal ${HOST}, lone $ and $x");
    }

    @Test
    void anUndefinedVariableWithoutADefaultIsAnErrorNamingIt() {
        Environment environment = new Environment(Map.of());

        assertThatThrownBy(() -> environment.expand("smtp://${SMTP_HOST}"))
                .isInstanceOf(Environment.ExpansionException.class)
                .hasMessage("undefined variable ${SMTP_HOST}: set SMTP_HOST in the environment or in .env,"
                        + " or give a default: ${SMTP_HOST:-value}");
    }

    @Test
    void malformedReferencesAreErrors() {
        Environment environment = new Environment(Map.of());

        assertThatThrownBy(() -> environment.expand("${HOST"))
                .hasMessageStartingWith("'${' without a closing '}'");
        assertThatThrownBy(() -> environment.expand("${not a name}"))
                .hasMessageStartingWith("'${not a name}' is not a variable reference");
    }

    @Test
    void aDotEnvThatIsNotUtf8IsAProblemOfTheFile() throws IOException {
        Path file = dir.resolve(".env");
        Files.write(file, "KEY=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> Environment.load(Map.of(), dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        new ConfigProblem(file.toString(), "", "expected UTF-8 text, got bytes that are not UTF-8")));
    }
}
