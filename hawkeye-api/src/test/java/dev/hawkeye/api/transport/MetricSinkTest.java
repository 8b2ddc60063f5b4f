package dev.hawkeye.api.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricSinkTest {
    /** Keeps what it records; refuses keys starting with {@code refused.} and fails on {@code failing.}. */
    private final List<String> recorded = new ArrayList<>();
    private final MetricSink sink = point -> {
        String key = point.series().key();
        if (key.startsWith("refused.")) {
            throw new InvalidPointException("type", key + " is a gauge");
        }
        if (key.startsWith("failing.")) {
            throw new IllegalStateException("closed");
        }
        recorded.add(key);
    };

    @Test
    void recordAllRecordsEachPointInOrderAndReportsThoseNotRecordedByIndexWithoutStopping() {
        List<String> refusals = new ArrayList<>();

        sink.recordAll(List.of(point("a"), point("refused.b"), point("c"), point("failing.d"), point("e")),
                (index, reason) -> refusals.add(index + " " + reason.getClass().getSimpleName() + " " + reason.getMessage()));

        assertThat(recorded).containsExactly("a", "c", "e");
        assertThat(refusals).containsExactly("1 InvalidPointException refused.b is a gauge", "3 IllegalStateException closed");
    }

    private static Point point(String key) {
        return new Point(Series.of(key), MetricType.COUNTER, 1, 1_700_000_000_000L);
    }
}
