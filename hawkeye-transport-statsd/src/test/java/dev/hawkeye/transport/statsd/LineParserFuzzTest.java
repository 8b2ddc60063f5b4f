package dev.hawkeye.transport.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * The line parser on any bytes: it never throws, every line comes out as metrics, one refusal or
 * one ignored line, and a datagram reads exactly as its lines read one by one, so a bad line never
 * costs its neighbours.
 */
class LineParserFuzzTest {
    private static final long NOW = 1_700_000_000_000L;

    @FuzzTest(maxDuration = "5m")
    void eachLineIsReadAsIfItWereAlone(byte[] datagram) {
        Outcomes whole = new Outcomes();
        new LineParser().parse(datagram, 0, datagram.length, NOW, whole);

        Outcomes oneByOne = new Outcomes();
        LineParser parser = new LineParser();
        int lines = 0;
        int start = 0;
        for (int i = 0; i <= datagram.length; i++) {
            if (i == datagram.length || datagram[i] == '\n') {
                int end = i > start && datagram[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    lines++;
                    int before = oneByOne.events.size();
                    parser.parse(datagram, start, i, NOW, oneByOne);
                    assertThat(oneByOne.events.size()).as("outcomes of one line").isGreaterThan(before);
                }
                start = i + 1;
            }
        }

        assertThat(whole.events).isEqualTo(oneByOne.events);
        assertThat(whole.events.size()).isGreaterThanOrEqualTo(lines);
    }

    /** Every outcome as text, in order. */
    private static final class Outcomes implements LineParser.Output {
        final List<String> events = new ArrayList<>();

        @Override
        public void metric(Series series, MetricType type, double value, long timestampMillis) {
            assertThat(Double.isFinite(value)).as("value of %s", series).isTrue();
            events.add(series + " " + type + " " + value + " @" + timestampMillis);
        }

        @Override
        public void refused(LineFault fault, byte[] data, int from, int to, String detail) {
            events.add("refused " + fault + " " + StatsdCounters.example(data, from, to));
        }

        @Override
        public void ignored(LineParser.IgnoredLine kind) {
            events.add("ignored " + kind);
        }
    }
}
