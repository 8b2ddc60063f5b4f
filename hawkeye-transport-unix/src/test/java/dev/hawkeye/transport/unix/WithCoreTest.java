package dev.hawkeye.transport.unix;

import static dev.hawkeye.transport.unix.RpcClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.core.Hawkeye;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport found as a plugin and run by core: points in over the socket, reads back out. */
class WithCoreTest {
    private static final String MONITORS = String.join("\n",
            "run_every: 60",
            "monitors:",
            "  - key: api.errors",
            "    interval: 60",
            "    triggers:",
            "      - threshold: 1000",
            "        recipients: [oncall@example.com]",
            "");

    @TempDir
    Path dir;

    @Test
    void pointsSentOverTheSocketAreAggregatedStoredAndReadBack() throws Exception {
        Path socket = dir.resolve("hawkeye.sock");
        try (PluginManager plugins = PluginManager.load(null, WithCoreTest.class.getClassLoader());
             Hawkeye hawkeye = Hawkeye.builder().config(config(socket)).plugins(plugins).start();
             RpcClient client = RpcClient.connect(socket)) {
            assertThat(hawkeye.address()).isEqualTo("unix:" + socket);

            client.call("{\"method\":\"Hawkeye.Record\",\"params\":[{\"key\":\"api.errors\",\"value\":2}],\"id\":0}");
            client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"recordBatch\",\"params\":{\"points\":[{\"key\":\"api.errors\"},{\"key\":\"api.errors\",\"value\":4}]}}");
            JsonNode conflicting = client.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"record\",\"params\":{\"key\":\"api.errors\",\"type\":\"gauge\"}}");
            hawkeye.flush();
            JsonNode count = client.call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"query\",\"params\":{\"key\":\"api.errors\",\"aggregate\":\"count\",\"window\":\"5m\"}}");
            JsonNode status = client.call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"status\"}");

            assertThat(conflicting.get("error").get("code").asInt()).isEqualTo(-32602);
            assertThat(conflicting.get("error").get("data")).isEqualTo(json("{\"field\":\"type\"}"));
            assertThat(count.get("result").get("value").asDouble()).isEqualTo(7);
            assertThat(status.get("result").get("monitors").get(0).get("name").asText()).isEqualTo("api.errors");
            assertThat(status.get("result").get("counters").get("points.accepted").asLong()).isEqualTo(3);
            assertThat(status.get("result").get("counters").get("points.rejected").asLong()).isEqualTo(1);
            assertThat(status.get("result").get("counters").get("transport.connections.accepted").asLong()).isEqualTo(1);
        }
        assertThat(socket).doesNotExist();
    }

    private static HawkeyeConfig config(Path socket) throws IOException {
        HawkeyeConfig parsed = new ConfigLoader(new Environment(Map.of())).parse(MONITORS, "monitors.yaml");
        return parsed.withTransports(List.of(
                PluginConfig.of("transport", Map.of("type", "unix", "path", socket.toString()), path -> "test")));
    }
}
