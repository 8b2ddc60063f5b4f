package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.protocol.HawkeyeRpcHandler;
import dev.hawkeye.protocol.PointReader;
import dev.hawkeye.protocol.SeriesTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The fast path ({@link RecordDecoder}) against the general path ({@link RpcDispatcher} through
 * jsonrpc4j, {@link HawkeyeRpcHandler} and {@link PointReader}) on the same bytes: the input is a
 * connection's stream, framed once as the server frames it and once with every message handed over
 * as bytes. Where the fast path took a message, both paths must answer it with the same bytes and
 * record the same points; where it declined, the frames must be the same.
 */
class DecodingPathsFuzzTest {
    private static final JsonFactory JSON = UnixSocketTransport.wireJson();
    private static final Clock CLOCK = Clock.fixed(TransportFixture.NOW, ZoneOffset.UTC);
    private static final int LIMIT = 1 << 20;

    private final AnswerPath fast = new AnswerPath();
    private final AnswerPath general = new AnswerPath();

    @FuzzTest(maxDuration = "5m")
    void bothPathsAnswerAMessageWithTheSameBytes(byte[] input) {
        List<Frame> fastFrames = new MessageFramer(JSON, LIMIT, new RecordDecoder(CLOCK)).feed(input, 0, input.length);
        List<Frame> generalFrames = new MessageFramer(JSON, LIMIT).feed(input, 0, input.length);
        fast.sink.clear();
        general.sink.clear();
        // The general path runs the messages the fast path took, in order: their ids, defined at decoding on the fast path.
        SeriesTable generalIds = new SeriesTable();

        assertThat(fastFrames).hasSameSizeAs(generalFrames);
        for (int i = 0; i < fastFrames.size(); i++) {
            Frame frame = fastFrames.get(i);
            if (!(frame instanceof Frame.Records)) {
                assertThat(describe(frame)).isEqualTo(describe(generalFrames.get(i)));
                continue;
            }
            assertThat(generalFrames.get(i)).isInstanceOf(Frame.Message.class);
            String message = describe(generalFrames.get(i));
            assertThat(text(fast.dispatcher.respond(frame, false, new SeriesTable()))).as("answer to %s", message)
                    .isEqualTo(text(general.dispatcher.respond(generalFrames.get(i), false, generalIds)));
            assertThat(fast.sink.points()).as("points recorded for %s", message).isEqualTo(general.sink.points());
        }
    }

    private static String describe(Frame frame) {
        if (frame instanceof Frame.Message message) {
            return "message " + new String(message.json(), StandardCharsets.UTF_8);
        }
        // Not by Jackson's place: invalid UTF-8 in a string is placed further on when the decoder read the
        // string's text. The frames after it show where framing resumed.
        return frame instanceof Frame.Malformed ? "malformed" : frame.toString();
    }

    private static String text(byte[] answer) {
        return answer == null ? "(no answer)" : new String(answer, StandardCharsets.UTF_8);
    }

    /** One path's dispatcher over a sink of its own. */
    private static final class AnswerPath {
        final CollectingSink sink = new CollectingSink();
        final RpcDispatcher dispatcher;

        AnswerPath() {
            ObjectMapper mapper = JsonMapper.builder(JSON).build();
            TransportCounters counters = new TransportCounters(System.getLogger(DecodingPathsFuzzTest.class.getName()));
            UnixTransportSettings settings = UnixTransportSettings.from(
                    PluginConfig.of("transport", Map.of("path", "/nonexistent/fuzz.sock"), key -> "fuzz.yaml"));
            HawkeyeRpcHandler handler = new HawkeyeRpcHandler(sink, new FixedQueryService(), CLOCK, counters);
            dispatcher = new RpcDispatcher(mapper, handler, sink, counters, settings);
        }
    }
}
