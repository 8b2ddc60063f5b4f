package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.HistoryEvent;
import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A monitor's history in Redis: shared by every store on it, the last 100 events, newest first. */
class RedisAlertHistoryTest {
    private static final Instant T0 = Instant.parse("2030-01-02T03:00:00Z");

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, Clock.systemUTC());

    @Test
    void everyAgentReadsTheLastHundredEventsNewestFirst() {
        AlertStore writer = stores.open().alerts().orElseThrow();
        AlertStore reader = stores.open().alerts().orElseThrow();
        List<HistoryEvent> events = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            events.add(event(i));
        }

        writer.appendHistory("checkout{region=eu}", events.subList(0, 100));
        writer.appendHistory("checkout{region=eu}", events.subList(100, 150));

        List<HistoryEvent> read = reader.history("checkout{region=eu}", 1000);
        assertThat(read).hasSize(AlertStore.HISTORY_LIMIT);
        assertThat(read.get(0)).isEqualTo(events.get(149));
        assertThat(read.get(99)).isEqualTo(events.get(50));
        assertThat(reader.history("checkout{region=eu}", 3)).containsExactly(events.get(149), events.get(148), events.get(147));
        assertThat(reader.history("checkout{region=us}", 10)).isEmpty();
    }

    @Test
    void aForgottenInstanceTakesItsHistoryWithIt() {
        MetricStore store = stores.open();
        AlertStore alerts = store.alerts().orElseThrow();
        alerts.save(new AlertState("disk{host=db-1}", AlertStatus.FIRING, "critical", 95, T0, T0, 1, 1), List.of(), Fence.NONE);
        alerts.appendHistory("disk{host=db-1}", List.of(event(1)));

        alerts.forget("disk{host=db-1}", Fence.NONE);

        assertThat(alerts.history("disk{host=db-1}", 10)).isEmpty();
    }

    /** Every field set, the detail with the codec's separator, the level absent on even ones. */
    private static HistoryEvent event(int i) {
        return new HistoryEvent(T0.plusSeconds(i), i % 3 == 0 ? HistoryEvent.Kind.NOTIFICATION : HistoryEvent.Kind.STATE,
                "FIRING", i % 2 == 0 ? null : "critical", i % 5 == 0 ? Double.NaN : i * 1.5, "OK → FIRING | #" + i);
    }
}
