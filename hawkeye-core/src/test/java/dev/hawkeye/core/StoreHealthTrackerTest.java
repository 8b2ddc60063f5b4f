package dev.hawkeye.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.transport.StoreHealth;
import dev.hawkeye.core.StoreHealthTracker.Source;
import dev.hawkeye.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoreHealthTrackerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final StoreHealthTracker tracker = new StoreHealthTracker(clock);

    @Test
    void theStoreIsAvailableUntilSomethingFails() {
        tracker.succeeded(Source.INGEST);

        assertThat(tracker.health()).isEqualTo(StoreHealth.AVAILABLE);
    }

    @Test
    void anOutageIsUnavailableSinceItsFirstFailureWithTheLastReasonUntilASuccess() {
        boolean began = tracker.failed(Source.INGEST, "redis write failed at redis://:***@db:6379/0: Connection refused");
        clock.advance(Duration.ofSeconds(5));
        boolean beganAgain = tracker.failed(Source.INGEST, "redis write failed at redis://:***@db:6379/0: Read timed out");
        StoreHealth during = tracker.health();
        clock.advance(Duration.ofSeconds(5));
        boolean ended = tracker.succeeded(Source.INGEST);

        assertThat(began).isTrue();
        assertThat(beganAgain).isFalse();
        assertThat(during).isEqualTo(StoreHealth.unavailable(T0, "redis write failed at redis://:***@db:6379/0: Read timed out"));
        assertThat(ended).isTrue();
        assertThat(tracker.health()).isEqualTo(StoreHealth.AVAILABLE);
        assertThat(tracker.succeeded(Source.INGEST)).as("no outage left to end").isFalse();
    }

    @Test
    void theStoreIsUnavailableWhileAnySourceFailsSinceTheEarliestWithTheLatestReason() {
        tracker.failed(Source.INGEST, "write refused");
        clock.advance(Duration.ofSeconds(10));
        tracker.failed(Source.ALERTS, "read refused");
        StoreHealth both = tracker.health();
        clock.advance(Duration.ofSeconds(10));
        tracker.succeeded(Source.INGEST);
        StoreHealth alertsOnly = tracker.health();
        tracker.succeeded(Source.ALERTS);

        assertThat(both).isEqualTo(StoreHealth.unavailable(T0, "read refused"));
        assertThat(alertsOnly).as("writes work again, reads do not yet")
                .isEqualTo(StoreHealth.unavailable(T0.plusSeconds(10), "read refused"));
        assertThat(tracker.health()).isEqualTo(StoreHealth.AVAILABLE);
    }

    @Test
    void aFailureWithoutAMessageStillHasAReason() {
        tracker.failed(Source.ALERTS, null);

        assertThat(tracker.health().reason()).isEqualTo("unknown failure");
    }
}
