package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which messages {@link RecordDecoder} reads itself, and which it leaves to the general path. */
class RecordDecoderTest {
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Clock CLOCK = Clock.fixed(TransportFixture.NOW, ZoneOffset.UTC);

    private final MessageFramer framer = new MessageFramer(JSON, 1 << 20, new RecordDecoder(CLOCK));

    private Frame frame(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        List<Frame> frames = framer.feed(bytes, 0, bytes.length);
        assertThat(frames).hasSize(1);
        return frames.get(0);
    }

    @Test
    void readsARecordRequestIntoOnePoint() {
        Frame.Records records = (Frame.Records) frame(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"record\",\"params\":{\"key\":\"a\",\"value\":2,\"tags\":{\"h\":\"x\"}}}");

        assertThat(records.v2()).isTrue();
        assertThat(records.id().intValue()).isEqualTo(7);
        assertThat(records.notification()).isFalse();
        assertThat(records.batch()).isFalse();
        assertThat(records.points()).containsExactly(new Point(Series.of("a", Map.of("h", "x")), MetricType.COUNTER, 2,
                TransportFixture.NOW.toEpochMilli()));
    }

    @Test
    void readsABatchAndGoStyleCallsAndNotifications() {
        Frame.Records batch = (Frame.Records) frame("{\"method\":\"Hawkeye.RecordBatch\",\"params\":[{\"points\":"
                + "[{\"key\":\"a\"},{\"key\":\"b\",\"type\":\"gauge\",\"value\":1.5,\"timestamp\":5}]}],\"id\":0}");
        Frame.Records notification = (Frame.Records) frame("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"n\"}}");

        assertThat(batch.v2()).isFalse();
        assertThat(batch.batch()).isTrue();
        assertThat(batch.points()).extracting(point -> point.series().key()).containsExactly("a", "b");
        assertThat(batch.points()[1]).isEqualTo(new Point(Series.of("b"), MetricType.GAUGE, 1.5, 5));
        assertThat(notification.notification()).isTrue();
    }

    @Test
    void readsAMessageSplitAcrossFeedsAtEveryByte() {
        String text = "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"recordBatch\",\"params\":{\"points\":"
                + "[{\"key\":\"series\",\"tags\":{\"t\":\"v\u00e9\"}},{\"key\":\"b\",\"value\":-0.25}]}}";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            MessageFramer fresh = new MessageFramer(JSON, 1 << 20, new RecordDecoder(CLOCK));
            List<Frame> frames = new java.util.ArrayList<>(fresh.feed(bytes, 0, split));
            frames.addAll(fresh.feed(bytes, split, bytes.length - split));

            assertThat(frames).as("split at %d", split).hasSize(1);
            assertThat(((Frame.Records) frames.get(0)).points()).hasSize(2);
        }
    }

    @Test
    void leavesEveryUnusualMessageToTheGeneralPathWithItsBytes() {
        String[] unusual = {
            "{\"params\":{\"key\":\"a\"},\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\"}",
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\"}}]",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"record\",\"params\":{\"key\":\"a\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234,\"method\":\"record\",\"params\":{\"key\":\"a\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\"},\"extra\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"method\":\"record\",\"params\":{\"key\":\"a\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":[{\"key\":\"a\"},{\"key\":\"b\"}]}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"bad key\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"value\":\"12\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"value\":NaN}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"type\":\"timer\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"valeu\":1}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"key\":\"b\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"tags\":{\"t\":1}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"tags\":{\"t\":\"1\",\"t\":\"2\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"timestamp\":-1}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"timestamp\":1.5}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"recordBatch\",\"params\":{\"points\":[{\"key\":\"a\"},null]}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"recordBatch\",\"params\":{\"points\":[],\"more\":1}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"recordBatch\",\"params\":{\"points\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"tags\":{\"t\":\"1\"},\"key\":\"a\"}}",
            "\"record\"",
        };
        for (String text : unusual) {
            Frame frame = frame(text);

            assertThat(frame).as(text).isInstanceOf(Frame.Message.class);
            assertThat(new String(((Frame.Message) frame).json(), StandardCharsets.UTF_8).trim()).isEqualTo(text);
        }
    }

    @Test
    void aHugeIntegerInOneMessageIsNotTheValueOfTheNextInTheSameRead() {
        byte[] bytes = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"timestamp\":170000000008888888888888888800}}"
                + "{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234,\"method\":\"record\",\"params\":{\"key\":\"a\"}}"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"record\",\"params\":{\"key\":\"b\",\"value\":2.5}}\n").getBytes(StandardCharsets.UTF_8);
        List<Frame> frames = framer.feed(bytes, 0, bytes.length);

        assertThat(frames).hasSize(3);
        assertThat(frames.subList(0, 2)).allMatch(frame -> frame instanceof Frame.Message);
        assertThat(((Frame.Records) frames.get(2)).points()[0].value()).isEqualTo(2.5);
    }

    @Test
    void aSeriesSeenBeforeComesBackAsTheSameInstanceAndOthersStayApart() {
        Point first = point("{\"key\":\"a\",\"tags\":{\"x\":\"1\",\"y\":\"2\"}}");
        Point again = point("{\"key\":\"a\",\"tags\":{\"x\":\"1\",\"y\":\"2\"},\"value\":5}");
        Point reordered = point("{\"key\":\"a\",\"tags\":{\"y\":\"2\",\"x\":\"1\"}}");
        Point otherValue = point("{\"key\":\"a\",\"tags\":{\"x\":\"1\",\"y\":\"3\"}}");
        Point otherKey = point("{\"key\":\"a1\",\"tags\":{\"x\":\"\",\"y\":\"2\"}}");
        Point untagged = point("{\"key\":\"a\"}");

        assertThat(again.series()).isSameAs(first.series());
        assertThat(reordered.series()).isEqualTo(first.series());
        assertThat(otherValue.series()).isEqualTo(Series.of("a", Map.of("x", "1", "y", "3")));
        assertThat(otherKey).as("an empty tag value is invalid: left to the general path").isNull();
        assertThat(untagged.series()).isEqualTo(Series.of("a"));
    }

    /** The point of a {@code record} with these params, or {@code null} when the general path must read it. */
    private Point point(String params) {
        Frame frame = frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":" + params + "}");
        return frame instanceof Frame.Records ? ((Frame.Records) frame).points()[0] : null;
    }
}
