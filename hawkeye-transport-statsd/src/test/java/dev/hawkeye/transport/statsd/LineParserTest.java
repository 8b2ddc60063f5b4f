package dev.hawkeye.transport.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The StatsD and DogStatsD line protocol, as hawkeye reads it. */
class LineParserTest {
    private static final long NOW = 1_700_000_000_000L;

    private final LineParser parser = new LineParser();
    private final Collected out = new Collected();

    @Test
    void eachTypeBecomesAHawkeyePointAndADatagramHoldsSeveralLines() {
        parse("page.views:1|c\nqueue.depth:12.5|g\napi.latency:320|ms\npayload.size:2048|h\nrender.time:7.25|d\n");

        assertThat(out.points).containsExactly(
                new Point(Series.of("page.views"), MetricType.COUNTER, 1, NOW),
                new Point(Series.of("queue.depth"), MetricType.GAUGE, 12.5, NOW),
                new Point(Series.of("api.latency"), MetricType.HISTOGRAM, 320, NOW),
                new Point(Series.of("payload.size"), MetricType.HISTOGRAM, 2048, NOW),
                new Point(Series.of("render.time"), MetricType.HISTOGRAM, 7.25, NOW));
        assertThat(out.refusals).isEmpty();
    }

    @Test
    void theSampleRateScalesACounterButNotAHistogram() {
        parse("requests:3|c|@0.1\nlatency:200|ms|@0.5");

        assertThat(out.points).extracting(Point::value).containsExactly(30.0, 200.0);
    }

    @Test
    void dogStatsdTagsBecomeHawkeyeTagsAndATagWithoutValueGetsTrue() {
        parse("http.requests:1|c|#service:checkout,region:eu-west,canary,url:http://x/y");

        assertThat(out.points).singleElement().extracting(Point::series).isEqualTo(Series.of("http.requests",
                Map.of("service", "checkout", "region", "eu-west", "canary", "true", "url", "http://x/y")));
    }

    @Test
    void theTimestampFieldSetsTheTimeAndTheContainerAndOtherExtensionFieldsAreAccepted() {
        parse("jobs.done:4|c|#team:a|T1656581400|c:83d4b2f1\ncpu:0.5|g|c:abc|card:high|e:it-false,cn-x");

        assertThat(out.points).extracting(Point::timestampMillis).containsExactly(1_656_581_400_000L, NOW);
        assertThat(out.points.get(0).series().tags()).containsExactly(Map.entry("team", "a"));
        assertThat(out.refusals).isEmpty();
    }

    @Test
    void severalValuesOfOneLineAreSeveralPoints() {
        parse("latency:10:20:30|d|@0.5");

        assertThat(out.points).extracting(Point::value).containsExactly(10.0, 20.0, 30.0);
    }

    @Test
    void aSignedGaugeChangesTheLastValueAndStartsFromZeroWhenNoneWasSeen() {
        parse("workers:10|g\nworkers:+3|g\nworkers:-5|g\nidle:-2|g\nidle:+0.5|g");

        assertThat(out.points).extracting(Point::value).containsExactly(10.0, 13.0, 8.0, -2.0, -1.5);
    }

    @Test
    void eventsAndServiceChecksAreCountedAndIgnored() {
        parse("_e{5,4}:title|text|#a:b\n_sc|db.up|0|#env:prod\nok:1|c");

        assertThat(out.ignored).containsExactly(LineParser.IgnoredLine.EVENT, LineParser.IgnoredLine.SERVICE_CHECK);
        assertThat(out.points).hasSize(1);
    }

    @Test
    void namesAreMappedByEtsyStatsdsRule() {
        parse("GET /api users:1|c\nweird$name!:1|c\ncpu:1|c|#host name:a b,kube/ns:x");

        assertThat(out.points).extracting(point -> point.series().key()).containsExactly("GET_-api_users", "weirdname", "cpu");
        assertThat(out.points.get(2).series().tags()).containsExactly(Map.entry("host_name", "a b"), Map.entry("kube-ns", "x"));
    }

    @Test
    void eachBadLineIsRefusedWithItsReasonAndTheOtherLinesOfItsDatagramAreKept() {
        StringBuilder manyTags = new StringBuilder("tags:1|c|#");
        for (int i = 0; i < 10_000; i++) {
            manyTags.append(i == 0 ? "" : ",").append("t").append(i).append(":v");
        }
        String datagram = String.join("\n",
                "good.1:1|c",
                "no-pipe:1",
                "no-colon|c",
                "value:abc|c",
                "value:NaN|g",
                "value:Infinity|g",
                "value:1e999|g",
                "value:0x10|c",
                "rate:1|c|@0",
                "rate:1|c|@1.5",
                "rate:1|c|@x",
                "users:alice|s",
                "type:1|q",
                "time:1|c|Tsoon",
                "field:1|c|?odd",
                "field:1|c|",
                "dup:1|c|#a:1,a:2",
                "!!!:1|c",
                "long.tag:1|c|#a:" + "x".repeat(300),
                manyTags.toString(),
                "good.2:2|c");

        parse(datagram);
        byte[] invalidUtf8 = "bytes:1|c|#name:\u00e9\ngood.3:3|c".getBytes(StandardCharsets.ISO_8859_1);
        parser.parse(invalidUtf8, 0, invalidUtf8.length, NOW, out);

        assertThat(out.points).extracting(point -> point.series().key()).containsExactly("good.1", "good.2", "good.3");
        assertThat(out.refusals).containsExactly(LineFault.NO_TYPE, LineFault.NO_VALUE, LineFault.BAD_VALUE,
                LineFault.NOT_FINITE, LineFault.NOT_FINITE, LineFault.NOT_FINITE, LineFault.BAD_VALUE,
                LineFault.BAD_RATE, LineFault.BAD_RATE, LineFault.BAD_RATE, LineFault.SET_UNSUPPORTED, LineFault.BAD_TYPE,
                LineFault.BAD_TIMESTAMP, LineFault.BAD_FIELD, LineFault.BAD_FIELD, LineFault.DUPLICATE_TAG,
                LineFault.EMPTY_NAME, LineFault.INVALID_SERIES, LineFault.TOO_MANY_TAGS, LineFault.INVALID_UTF8);
    }

    @Test
    void aValidUtf8TagValueIsKept() {
        parse("coffee:1|c|#origin:Bogotá ☕");

        assertThat(out.points).singleElement().extracting(point -> point.series().tags().get("origin")).isEqualTo("Bogotá ☕");
    }

    @Test
    void windowsLineEndsAndEmptyLinesAreAccepted() {
        parse("a:1|c\r\n\r\n\nb:2|c\r\n");

        assertThat(out.points).extracting(point -> point.series().key()).containsExactly("a", "b");
        assertThat(out.refusals).isEmpty();
    }

    @Test
    void aSeriesSeenBeforeIsTheSameInstance() {
        parse("a:1|c|#x:1\na:2|c|#x:1\na:3|c|#x:2");

        assertThat(out.points.get(1).series()).isSameAs(out.points.get(0).series());
        assertThat(out.points.get(2).series()).isNotEqualTo(out.points.get(0).series());
    }

    @Test
    void numbersAreReadExactlyAsJavaReadsThem() {
        for (String text : List.of("0", "-0.5", "+7", "3.14159", "0.000123", "123456789012345", "1234567890123456789",
                "1e3", "2.5E-3", "007", ".5", "5.")) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(Numbers.parse(bytes, 0, bytes.length)).as(text).isEqualTo(Double.parseDouble(text));
        }
        for (String text : List.of("", "-", ".", "1.2.3", "1e", "NaN", "0x1p3", "1d", "1_000")) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(Numbers.parse(bytes, 0, bytes.length)).as(text).isNaN();
        }
    }

    private void parse(String datagram) {
        byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
        parser.parse(bytes, 0, bytes.length, NOW, out);
    }

    /** What the parser put out, in order. */
    static final class Collected implements LineParser.Output {
        final List<Point> points = new ArrayList<>();
        final List<LineFault> refusals = new ArrayList<>();
        final List<LineParser.IgnoredLine> ignored = new ArrayList<>();

        @Override
        public void metric(Series series, MetricType type, double value, long timestampMillis) {
            points.add(new Point(series, type, value, timestampMillis));
        }

        @Override
        public void refused(LineFault fault, byte[] data, int from, int to, String detail) {
            refusals.add(fault);
        }

        @Override
        public void ignored(LineParser.IgnoredLine kind) {
            ignored.add(kind);
        }
    }
}
