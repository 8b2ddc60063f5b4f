package dev.hawkeye.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hawkeye.api.metric.MetricType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static BenchPlan plan(int series, MetricType type) {
        return plan(series, type, 0);
    }

    private static BenchPlan plan(int series, MetricType type, int tags) {
        return new BenchPlan(Path.of("/tmp/h.sock"), BenchMode.NOTIFY, 1, 1, Duration.ofSeconds(1), Duration.ZERO, 1000,
                series, type, tags, false, false, 1000, 0, false, null, 0, false, null);
    }

    @Test
    void aNotificationIsARecordWithoutAnIdAndEndsWithANewline() throws IOException {
        byte[] message = Messages.notification(plan(10, MetricType.HISTOGRAM), 7);

        assertThat(message[message.length - 1]).isEqualTo((byte) '\n');
        assertThat(MAPPER.readTree(message)).isEqualTo(MAPPER.readTree(
                "{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"bench.histogram.7\",\"value\":7.5,\"type\":\"histogram\"}}"));
    }

    @Test
    void withTagsEachSeriesHasItsOwnValues() throws IOException {
        byte[] message = Messages.notification(plan(10, MetricType.COUNTER, 2), 3);

        assertThat(MAPPER.readTree(message).get("params")).isEqualTo(MAPPER.readTree(
                "{\"key\":\"bench.counter.3\",\"value\":1,\"type\":\"counter\",\"tags\":{\"tag0\":\"value-3\",\"tag1\":\"value-3\"}}"));
    }

    @Test
    void blocksHoldWholeMessagesCoveringEverySeriesInOrder() throws IOException {
        List<Messages.Block> blocks = Messages.notificationBlocks(plan(5000, MetricType.COUNTER));

        List<String> keys = new ArrayList<>();
        for (Messages.Block block : blocks) {
            assertThat(block.bytes().length).isLessThanOrEqualTo(Messages.BLOCK_BYTES);
            String[] lines = new String(block.bytes(), StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(block.points());
            for (String line : lines) {
                JsonNode message = MAPPER.readTree(line);
                keys.add(message.get("params").get("key").asText());
            }
        }
        assertThat(keys).hasSize(5000).startsWith("bench.counter.0", "bench.counter.1").endsWith("bench.counter.4999");
    }

    @Test
    void fewSeriesAreRepeatedSoThatABlockStillCarriesAboutSixtyFourKibibytes() {
        List<Messages.Block> blocks = Messages.notificationBlocks(plan(1, MetricType.COUNTER));

        assertThat(blocks.get(0).bytes().length).isGreaterThan(Messages.BLOCK_BYTES / 2);
        assertThat(blocks.get(0).points()).isGreaterThan(500);
    }
}
