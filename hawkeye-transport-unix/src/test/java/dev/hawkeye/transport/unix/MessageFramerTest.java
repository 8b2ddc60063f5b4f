package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageFramerTest {
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(JSON).build();

    private final MessageFramer framer = new MessageFramer(JSON, 1024);

    @Test
    void cutsMessagesSentBackToBackWithAndWithoutWhitespace() {
        List<Frame> frames = feed("{\"a\":1}{\"b\":2}\n[3,4]  \r\n\t{\"c\":{\"d\":[]}}");

        assertThat(texts(frames)).containsExactly("{\"a\":1}", "{\"b\":2}", "[3,4]", "{\"c\":{\"d\":[]}}");
    }

    @Test
    void joinsAMessageSplitAtEveryPossibleByte() {
        String text = "{\"key\":\"h\u00e9llo w\u00f6rld\",\"value\":-1.5e3,\"tags\":{\"x\":\"[}\"}}{\"n\":null}";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            MessageFramer fresh = new MessageFramer(JSON, 1024);
            List<Frame> frames = new ArrayList<>(fresh.feed(bytes, 0, split));
            frames.addAll(fresh.feed(bytes, split, bytes.length - split));

            assertThat(texts(frames)).as("split at %d", split)
                    .containsExactly("{\"key\":\"h\u00e9llo w\u00f6rld\",\"value\":-1500.0,\"tags\":{\"x\":\"[}\"}}", "{\"n\":null}");
            assertThat(fresh.hasPartialMessage()).isFalse();
        }
    }

    @Test
    void joinsAMessageFedOneByteAtATime() {
        byte[] bytes = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8);
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            frames.addAll(framer.feed(bytes, i, 1));
        }

        assertThat(texts(frames)).containsExactly("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
    }

    @Test
    void readsNanAsANumberSoThatTheValueCanBeNamedInTheError() {
        JsonNode message = tree(feed("{\"value\":NaN}").get(0));

        assertThat(message.get("value").isNumber()).isTrue();
        assertThat(message.get("value").doubleValue()).isNaN();
    }

    @Test
    void reportsMalformedJsonAndResumesAfterTheNextNewline() {
        List<Frame> frames = feed("{\"a\": oops, \"b\": 2}{\"lost\":1}\n{\"kept\":1}");

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOf(Frame.Malformed.class);
        assertThat(((Frame.Malformed) frames.get(0)).reason()).contains("Unexpected character ('o'").contains("at byte 6");
        assertThat(texts(frames.subList(1, 2))).containsExactly("{\"kept\":1}");
    }

    @Test
    void theLineAfterAnUnterminatedMessageIsKept() {
        List<Frame> frames = feed("{\"id\":1,\"method\":\"ping\"\n{\"kept\":1}\n[1,2\n  [\"kept\"]\n");

        assertThat(frames).hasSize(4);
        assertThat(frames.get(0)).isInstanceOf(Frame.Malformed.class);
        assertThat(texts(frames.subList(1, 2))).containsExactly("{\"kept\":1}");
        assertThat(frames.get(2)).isInstanceOf(Frame.Malformed.class);
        assertThat(texts(frames.subList(3, 4))).containsExactly("[\"kept\"]");
    }

    @Test
    void theLineAfterAnUnterminatedMessageIsKeptWhenItComesInAnotherRead() {
        List<Frame> frames = new ArrayList<>(feed("{\"id\":1,\"params\":{\"a\":1}\n"));
        frames.addAll(feed("{\"kept\":2}\n"));

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOf(Frame.Malformed.class);
        assertThat(texts(frames.subList(1, 2))).containsExactly("{\"kept\":2}");
    }

    @Test
    void anErrorInsideALineStillSkipsToItsEnd() {
        List<Frame> frames = feed("{\"a\":\n 1 {\"lost\":1}\n{\"kept\":3}\n");

        assertThat(frames).hasSize(2);
        assertThat(texts(frames.subList(1, 2))).containsExactly("{\"kept\":3}");
    }

    @Test
    void resumesAtANewlineInAnotherRead() {
        List<Frame> frames = new ArrayList<>(feed("{\"a\":]"));
        frames.addAll(feed("still garbage"));
        frames.addAll(feed(" more\n{\"ok\":true}"));

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOf(Frame.Malformed.class);
        assertThat(texts(frames.subList(1, 2))).containsExactly("{\"ok\":true}");
    }

    @Test
    void aMessageOverTheLimitIsOversizeEvenBeforeItEnds() {
        String big = "{\"key\":\"" + "x".repeat(2000);

        List<Frame> frames = feed(big);

        assertThat(frames).containsExactly(new Frame.Oversize(1024));
        assertThat(feed("\"}{\"a\":1}")).isEmpty();
    }

    @Test
    void aCompleteMessageOverTheLimitIsOversizeToo() {
        List<Frame> frames = feed("{\"ok\":1}{\"key\":\"" + "x".repeat(1100) + "\"}");

        assertThat(frames).hasSize(2);
        assertThat(frames.get(1)).isEqualTo(new Frame.Oversize(1024));
    }

    @Test
    void manySmallMessagesAddingUpPastTheLimitAreFine() {
        List<Frame> frames = feed("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}\n".repeat(200));

        assertThat(frames).hasSize(200).allMatch(frame -> frame instanceof Frame.Message);
    }

    @Test
    void whitespaceBetweenMessagesInOneReadCountsAgainstNeitherMessage() {
        List<Frame> frames = feed("{\"a\":1}" + " \n".repeat(600) + "{\"b\":2}" + " ".repeat(1100));

        assertThat(frames).hasSize(2).allMatch(frame -> frame instanceof Frame.Message);
        assertThat(new String(((Frame.Message) frames.get(1)).json(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":2}");
        assertThat(framer.hasPartialMessage()).isFalse();
    }

    @Test
    void anErrorIsPlacedFromTheFirstByteOfItsMessageHoweverTheStreamIsCut() {
        List<Frame> oneRead = feed("{\"a\":1}   x\n");
        MessageFramer cut = new MessageFramer(JSON, 1024);
        List<Frame> twoReads = new ArrayList<>(cut.feed("{\"a\":1} ".getBytes(StandardCharsets.UTF_8), 0, 8));
        twoReads.addAll(cut.feed("  x\n".getBytes(StandardCharsets.UTF_8), 0, 4));

        assertThat(((Frame.Malformed) oneRead.get(1)).reason()).endsWith("(at byte 0 of the message)");
        assertThat(((Frame.Malformed) twoReads.get(1)).reason()).isEqualTo(((Frame.Malformed) oneRead.get(1)).reason());
    }

    @Test
    void aMissingValueIsMalformedWhereverTheReadEnds() {
        List<Frame> frames = new ArrayList<>(feed("{\"a\": "));
        frames.addAll(feed("}{\"lost\":1}\n{\"kept\":1}"));

        assertThat(frames).hasSize(2);
        assertThat(((Frame.Malformed) frames.get(0)).reason()).isEqualTo(
                "Unexpected character ('}' (code 125)): expected a value after the colon (at byte 6 of the message)");
        assertThat(texts(frames.subList(1, 2))).containsExactly("{\"kept\":1}");
    }

    @Test
    void aReadOfSpacesInsideATopLevelStringIsPartOfIt() {
        List<Frame> frames = new ArrayList<>(feed("\"a"));
        frames.addAll(feed("    "));
        frames.addAll(feed("[1]\"\n"));

        assertThat(texts(frames)).containsExactly("\"a    [1]\"");
    }

    @Test
    void knowsWhenAMessageIsHalfWritten() {
        feed("{\"a\":1}\n");
        assertThat(framer.hasPartialMessage()).isFalse();

        feed("{\"b\":");
        assertThat(framer.hasPartialMessage()).isTrue();

        feed("2}  ");
        assertThat(framer.hasPartialMessage()).isFalse();
    }

    private List<Frame> feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return framer.feed(bytes, 0, bytes.length);
    }

    private static List<String> texts(List<Frame> frames) {
        List<String> out = new ArrayList<>();
        for (Frame frame : frames) {
            out.add(tree(frame).toString());
        }
        return out;
    }

    private static JsonNode tree(Frame frame) {
        assertThat(frame).isInstanceOf(Frame.Message.class);
        try {
            return MAPPER.readTree(((Frame.Message) frame).json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
