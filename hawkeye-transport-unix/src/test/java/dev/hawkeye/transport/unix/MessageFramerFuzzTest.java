package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link MessageFramer} (with the {@link RecordDecoder} it runs in production) on arbitrary bytes
 * cut into arbitrary reads. The first byte of an input picks the limit and the cuts; the rest is
 * the stream, to which a line holding one valid {@code record} is appended.
 *
 * <p>Properties: feeding never throws; how the stream is cut into reads changes no frame (unless
 * a message grew past the limit, which is noticed at the first read that shows it); no message,
 * and no partial message held, is bigger than the limit; nothing comes after an oversize; and a
 * valid message on its own line after any line that left no message open comes out whole.
 */
class MessageFramerFuzzTest {
    private static final JsonFactory JSON = UnixSocketTransport.wireJson();
    private static final Clock CLOCK = Clock.fixed(TransportFixture.NOW, ZoneOffset.UTC);
    /** From the smallest max_message_bytes the settings allow to one no fuzz input reaches. */
    private static final int[] LIMITS = {256, 300, 512, 1024, 4096, 1 << 20};
    private static final byte[] VALID =
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"record\",\"params\":{\"key\":\"after.garbage\"}}\n"
                    .getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxDuration = "5m")
    void anyStreamCutAnyWayIsFramedAlike(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int limit = LIMITS[(input[0] & 0xff) % LIMITS.length];
        SplittableRandom cuts = new SplittableRandom(input[0]);
        byte[] garbage = Arrays.copyOfRange(input, 1, input.length);
        byte[] stream = concat(garbage, new byte[] {'\n'}, VALID);

        MessageFramer whole = framer(limit);
        List<String> wholeFrames = describe(whole.feed(stream, 0, garbage.length + 1), limit);
        boolean lineLeftNothingOpen = !whole.hasPartialMessage() && !hasOversize(wholeFrames);
        List<String> validFrames = describe(whole.feed(stream, garbage.length + 1, VALID.length), limit);
        wholeFrames.addAll(validFrames);

        MessageFramer cut = framer(limit);
        List<String> cutFrames = new ArrayList<>();
        for (int position = 0; position < stream.length; ) {
            int length = Math.min(stream.length - position, 1 + cuts.nextInt(32));
            cutFrames.addAll(describe(cut.feed(stream, position, length), limit));
            assertThat(cut.partialBytes()).as("bytes held of a partial message").isLessThanOrEqualTo(limit);
            position += length;
        }

        if (lineLeftNothingOpen) {
            assertThat(validFrames).as("the valid line after a line that left nothing open")
                    .isEqualTo(describe(framer(limit).feed(VALID, 0, VALID.length), limit));
        }
        if (!hasOversize(wholeFrames) && !hasOversize(cutFrames)) {
            assertThat(cutFrames).as("frames of the stream cut into reads").isEqualTo(wholeFrames);
        }
        assertNothingAfterOversize(wholeFrames);
        assertNothingAfterOversize(cutFrames);
    }

    private static MessageFramer framer(int limit) {
        return new MessageFramer(JSON, limit, new RecordDecoder(CLOCK));
    }

    /** Each frame as comparable text, checking on the way that a message is JSON within the limit. */
    private static List<String> describe(List<Frame> frames, int limit) {
        List<String> out = new ArrayList<>();
        for (Frame frame : frames) {
            if (frame instanceof Frame.Message message) {
                assertThat(message.json().length).as("bytes of a message").isLessThanOrEqualTo(limit);
                out.add("message " + new String(message.json(), StandardCharsets.ISO_8859_1));
            } else if (frame instanceof Frame.Records records) {
                out.add("records v2=" + records.v2() + " id=" + records.id() + " notification=" + records.notification()
                        + " batch=" + records.batch() + " points=" + Arrays.toString(records.points()));
            } else if (frame instanceof Frame.Malformed) {
                // Not by Jackson's words or place: both depend on the cut (a stray byte above 0x7f is "code 170"
                // or "code 65450", invalid UTF-8 or a brace after a trailing comma is placed a byte or two apart).
                // Where framing resumes must not, and the frames after this one show it.
                out.add("malformed");
            } else {
                assertThat(((Frame.Oversize) frame).limit()).isEqualTo(limit);
                out.add("oversize");
            }
        }
        return out;
    }

    private static boolean hasOversize(List<String> frames) {
        return frames.contains("oversize");
    }

    private static void assertNothingAfterOversize(List<String> frames) {
        int oversize = frames.indexOf("oversize");
        if (oversize >= 0) {
            assertThat(frames).as("frames after an oversize").hasSize(oversize + 1);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
