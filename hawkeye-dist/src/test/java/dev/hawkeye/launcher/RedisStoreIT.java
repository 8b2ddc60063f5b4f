package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/hawkeye} with the redis store (a version 1 file and {@code REDIS_URL} in {@code .env}):
 * a wrong URL stops it at once, and {@code status} tells while Redis is down (the store line, the
 * monitors {@code UNKNOWN}) and once it is back.
 */
class RedisStoreIT {
    @RegisterExtension
    final Distribution distribution = new Distribution();
    private RedisServer redis;

    @AfterEach
    void stopEverything() throws IOException {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void runWithAnUnreachableRedisExitsWithTwoNamingTheUrlWithoutItsPassword() throws Exception {
        Files.writeString(distribution.workDir().resolve(".env"), "REDIS_URL=redis://:secret@127.0.0.1:1/0\n");

        HawkeyeProcess.Result result = distribution.run("run", "--config",
                distribution.writeConfig("monitors.yaml", AlertEndToEndIT.CONFIG).toString(), "--socket", distribution.socket().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).as(result.toString()).last().asString()
                .startsWith("hawkeye run: ").contains("redis://:***@127.0.0.1:1/0").contains("Connection refused");
        assertThat(result.stderrText() + result.stdoutText()).as(result.toString()).doesNotContain("secret");
        assertThat(distribution.socket()).as("it never listened").doesNotExist();
    }

    @Test
    void statusShowsTheStoreUnavailableAndTheMonitorsUnknownWhileRedisIsDownAndKnownAgainOnceItIsBack() throws Exception {
        redis = RedisServer.startFor(distribution);
        String socket = distribution.socket().toString();
        HawkeyeProcess hawkeye = distribution.start("run", "--config",
                distribution.writeConfig("monitors.yaml", AlertEndToEndIT.CONFIG).toString(), "--socket", socket);
        Processes.awaitPing(hawkeye, distribution.socket());
        awaitMonitorState(socket, "OK");

        redis.kill();
        HawkeyeProcess.Result down = awaitMonitorState(socket, "UNKNOWN");
        assertThat(down.stdout()).as(down.toString()).anyMatch(line -> line.matches("evaluations\\.failed\\s+[1-9]\\d*"));
        assertThat(down.stdout().get(0)).as(down.toString())
                .matches("store: unavailable since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(redis .+ at "
                        + Pattern.quote(redis.url()) + ": .+\\)");
        HawkeyeProcess.Result downJson = distribution.run("status", "--json", "--socket", socket);
        JsonNode store = new ObjectMapper().readTree(downJson.stdoutText()).path("store");
        assertThat(store.path("available").asBoolean(true)).as(downJson.toString()).isFalse();
        assertThat(store.path("reason").asText()).as(downJson.toString()).startsWith("redis ");
        assertThat(hawkeye.stdout()).as("no notification on missing data: " + hawkeye.describe()).isEmpty();

        redis.start();
        awaitMonitorState(socket, "OK");
        // The server writes again at its next retry, which backs off up to 30 s.
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HawkeyeProcess.Result later = distribution.run("status", "--socket", socket);
            assertThat(later.stdout()).as(later.toString()).noneMatch(line -> line.startsWith("store:"));
        });
        assertThat(hawkeye.stdout()).as(hawkeye.describe()).isEmpty();
        assertThat(hawkeye.stderr()).as(hawkeye.describe())
                .anyMatch(line -> line.contains("unavailable")).anyMatch(line -> line.contains("available again"));
    }

    /** Runs {@code hawkeye status} until the monitor e2e.errors is in {@code state}; returns that run. */
    private HawkeyeProcess.Result awaitMonitorState(String socket, String state) {
        HawkeyeProcess.Result[] last = new HawkeyeProcess.Result[1];
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            last[0] = distribution.run("status", "--socket", socket);
            assertThat(last[0].exitCode()).as(last[0].toString()).isEqualTo(0);
            assertThat(last[0].stdout()).as(last[0].toString())
                    .anyMatch(line -> line.matches("e2e\\.errors\\s+" + state + "\\s.*"));
        });
        return last[0];
    }
}
