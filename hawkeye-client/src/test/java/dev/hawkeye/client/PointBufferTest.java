package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PointBufferTest {
    private static final Series SERIES = Series.of("queue.depth");

    @Test
    void keepsPointsUntilReleasedAndRefusesMoreThanItsCapacity() {
        PointBuffer buffer = new PointBuffer(3, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(buffer.offer(SERIES, MetricType.GAUGE, i, 1000 + i)).isTrue();
        }

        assertThat(buffer.offer(SERIES, MetricType.GAUGE, 3, 1003)).isFalse();
        assertThat(buffer.available(10)).isEqualTo(3);
        assertThat(buffer.value(0)).isEqualTo(0);
        assertThat(buffer.available(10)).as("reading does not remove").isEqualTo(3);
    }

    @Test
    void wrapsAroundKeepingTheOrder() {
        PointBuffer buffer = new PointBuffer(3, 10);
        buffer.offer(SERIES, MetricType.GAUGE, 0, 1000);
        buffer.offer(SERIES, MetricType.GAUGE, 1, 1001);
        buffer.offer(SERIES, MetricType.GAUGE, 2, 1002);

        buffer.release(2);
        buffer.offer(SERIES, MetricType.COUNTER, 3, 1003);
        buffer.offer(SERIES, MetricType.HISTOGRAM, 4, 1004);

        assertThat(buffer.available(10)).isEqualTo(3);
        assertThat(new double[] {buffer.value(0), buffer.value(1), buffer.value(2)}).containsExactly(2, 3, 4);
        assertThat(buffer.type(2)).isEqualTo(MetricType.HISTOGRAM);
        assertThat(buffer.timestamp(1)).isEqualTo(1003);
    }

    @Test
    void aFullBatchIsReadyWithoutWaiting() throws Exception {
        PointBuffer buffer = new PointBuffer(100, 2);
        buffer.offer(SERIES, MetricType.GAUGE, 0, 1000);
        buffer.offer(SERIES, MetricType.GAUGE, 1, 1001);
        buffer.offer(SERIES, MetricType.GAUGE, 2, 1002);

        assertThat(buffer.awaitBatch(2, TimeUnit.HOURS.toNanos(1))).isEqualTo(2);
    }

    @Test
    void flushWaitsUntilWhatWasAddedBeforeItIsReleased() throws Exception {
        PointBuffer buffer = new PointBuffer(100, 100);
        buffer.offer(SERIES, MetricType.GAUGE, 0, 1000);
        buffer.offer(SERIES, MetricType.GAUGE, 1, 1001);

        CompletableFuture<Boolean> flushed = CompletableFuture.supplyAsync(() -> {
            try {
                return buffer.flush(TimeUnit.SECONDS.toNanos(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        int ready = buffer.awaitBatch(100, TimeUnit.HOURS.toNanos(1));
        buffer.offer(SERIES, MetricType.GAUGE, 2, 1002);
        buffer.release(ready);

        assertThat(ready).as("a flush makes a partial batch ready at once").isEqualTo(2);
        assertThat(flushed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(buffer.size()).isEqualTo(1);
    }

    @Test
    void flushGivesUpAfterItsTimeout() throws Exception {
        PointBuffer buffer = new PointBuffer(10, 10);
        buffer.offer(SERIES, MetricType.GAUGE, 0, 1000);

        assertThat(buffer.flush(TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
    }

    @Test
    void aStoppedBufferRefusesPointsAndEndsTheSendersWait() throws Exception {
        PointBuffer buffer = new PointBuffer(10, 10);
        buffer.stop();

        assertThat(buffer.offer(SERIES, MetricType.GAUGE, 0, 1000)).isFalse();
        assertThat(buffer.awaitBatch(10, TimeUnit.HOURS.toNanos(1))).isEqualTo(-1);
        assertThat(buffer.awaitStopped(TimeUnit.HOURS.toNanos(1))).isTrue();
    }
}
