package dev.hawkeye.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.HistoryEvent;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A monitor's history in the memory store: the last 100 events, newest first, gone with a forgotten instance. */
class MemoryAlertHistoryTest {
    private static final Instant T0 = Instant.parse("2030-01-02T03:00:00Z");
    private final MemoryAlertStore alerts = new MemoryAlertStore();

    @Test
    void keepsTheLastHundredEventsNewestFirst() {
        List<HistoryEvent> events = IntStream.range(0, 150).mapToObj(MemoryAlertHistoryTest::event).toList();

        alerts.appendHistory("checkout", events);

        List<HistoryEvent> read = alerts.history("checkout", 1000);
        assertThat(read).hasSize(AlertStore.HISTORY_LIMIT);
        assertThat(read.get(0)).isEqualTo(events.get(149));
        assertThat(read.get(99)).isEqualTo(events.get(50));
        assertThat(alerts.history("checkout", 2)).containsExactly(events.get(149), events.get(148));
        assertThat(alerts.history("other", 10)).isEmpty();
    }

    @Test
    void aForgottenInstanceTakesItsHistoryWithIt() {
        alerts.save(new AlertState("disk{host=db-1}", AlertStatus.FIRING, "critical", 95, T0, T0, 1, 1), List.of(), Fence.NONE);
        alerts.appendHistory("disk{host=db-1}", List.of(event(1)));

        alerts.forget("disk{host=db-1}", Fence.NONE);

        assertThat(alerts.history("disk{host=db-1}", 10)).isEmpty();
    }

    private static HistoryEvent event(int i) {
        return new HistoryEvent(T0.plusSeconds(i), HistoryEvent.Kind.STATE, "FIRING", "critical", i, "OK → FIRING critical");
    }
}
