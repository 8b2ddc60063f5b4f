package dev.hawkeye.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A point whose {@code record} returned normally is in the store after {@link Aggregator#close()},
 * even when it raced the close; a point recorded after it is refused. Recorders race close many
 * times over; every accepted point must be stored.
 */
class ARecordRacingCloseIsFlushedOrRefusedTest {
    private static final int ROUNDS = 200;
    private static final int RECORDERS = 4;

    @Test
    void everyPointAcceptedWhileCloseRunsIsStored() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            MemoryStore store = new MemoryStore(Duration.ofHours(1), Clock.systemUTC());
            Counters counters = new Counters();
            Aggregator aggregator = new Aggregator(IngestSettings.DEFAULTS, store, counters, Clock.systemUTC());
            AtomicLong accepted = new AtomicLong();
            CountDownLatch running = new CountDownLatch(RECORDERS);
            List<Thread> recorders = new ArrayList<>();
            for (int r = 0; r < RECORDERS; r++) {
                Series series = Series.of("race.points" + r);
                Thread recorder = new Thread(() -> {
                    running.countDown();
                    while (true) {
                        try {
                            aggregator.record(new Point(series, MetricType.COUNTER, 1, System.currentTimeMillis()));
                        } catch (IllegalStateException closed) {
                            return;
                        }
                        accepted.incrementAndGet();
                    }
                });
                recorder.start();
                recorders.add(recorder);
            }
            running.await();

            aggregator.close();
            for (Thread recorder : recorders) {
                recorder.join();
            }

            double stored = 0;
            for (int r = 0; r < RECORDERS; r++) {
                stored += store.read(Series.of("race.points" + r), Aggregate.COUNT, Instant.now().minusSeconds(60),
                        Instant.now().plusSeconds(1)).getAsDouble();
            }
            assertThat((long) stored).as("round %d: stored vs accepted", round).isEqualTo(accepted.get())
                    .isEqualTo(counters.get(Counters.POINTS_ACCEPTED));
        }
    }
}
