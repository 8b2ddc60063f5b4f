package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.FencedException;
import dev.hawkeye.api.store.Leases;
import dev.hawkeye.api.store.OutboxEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fenced lease of several processes sharing one Redis: one owner at a time, renewed by it under
 * the same token, taken over under a greater one once it expires; and the saves it fences.
 */
class RedisLeaseTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, Clock.systemUTC());

    private Leases leases() {
        return stores.open().leases().orElseThrow();
    }

    @Test
    void oneOwnerAtATimeHoldsTheLeaseAndRenewsItUnderTheSameToken() {
        Leases first = leases();
        Leases second = leases();

        OptionalLong taken = first.tryHold("agent", "a", Duration.ofSeconds(30));
        assertThat(taken).isPresent();
        assertThat(second.tryHold("agent", "b", Duration.ofSeconds(30))).isEmpty();
        assertThat(first.tryHold("agent", "a", Duration.ofSeconds(30))).as("renewed by its owner").isEqualTo(taken);
        assertThat(second.tryHold("other-job", "b", Duration.ofSeconds(30))).as("another lease is free").isPresent();
    }

    @Test
    void aLeaseItsOwnerStopsRenewingIsTakenOverUnderAGreaterTokenOnceItExpires() {
        Leases first = leases();
        Leases second = leases();
        long old = first.tryHold("agent", "a", Duration.ofMillis(300)).orElseThrow();

        await().atMost(Duration.ofSeconds(5)).until(() -> second.tryHold("agent", "b", Duration.ofSeconds(30)).isPresent());

        assertThat(second.tryHold("agent", "b", Duration.ofSeconds(30)).orElseThrow()).isGreaterThan(old);
        assertThat(first.tryHold("agent", "a", Duration.ofSeconds(30))).as("the old owner cannot extend it").isEmpty();
    }

    @Test
    void aReleasedLeaseIsTakenAtOnceAndOnlyItsOwnerReleasesIt() {
        Leases first = leases();
        Leases second = leases();
        first.tryHold("agent", "a", Duration.ofSeconds(30)).orElseThrow();

        second.release("agent", "b");
        assertThat(second.tryHold("agent", "b", Duration.ofSeconds(30))).as("not b's to release").isEmpty();
        first.release("agent", "a");

        assertThat(second.tryHold("agent", "b", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    void aSaveUnderAStaleTokenIsRefusedAndWritesNothing() {
        Leases first = leases();
        Leases second = leases();
        AlertStore alerts = stores.open().alerts().orElseThrow();
        Fence stale = new Fence("agent", first.tryHold("agent", "a", Duration.ofMillis(200)).orElseThrow());
        await().atMost(Duration.ofSeconds(5)).until(() -> second.tryHold("agent", "b", Duration.ofSeconds(30)).isPresent());
        Fence current = new Fence("agent", second.tryHold("agent", "b", Duration.ofSeconds(30)).orElseThrow());
        AlertState firing = new AlertState("m", AlertStatus.FIRING, "critical", 5, NOW, NOW, 1, 1);

        assertThatThrownBy(() -> alerts.save(firing, List.of(entry("m/1/1/mail")), stale)).isInstanceOf(FencedException.class)
                .hasMessageContaining("token " + stale.token());
        assertThat(alerts.loadState("m")).isEmpty();
        assertThat(alerts.outbox(10)).isEmpty();

        assertThat(alerts.save(firing, List.of(entry("m/1/1/mail")), current)).isZero();
        assertThat(alerts.loadState("m")).contains(firing);
        assertThat(alerts.outbox(10)).containsExactly(entry("m/1/1/mail"));
    }

    @Test
    void forgettingAMonitorRemovesItsStateUnderTheCurrentFenceAndNothingUnderAStaleOne() {
        Leases first = leases();
        Leases second = leases();
        AlertStore alerts = stores.open().alerts().orElseThrow();
        Fence stale = new Fence("agent", first.tryHold("agent", "a", Duration.ofMillis(200)).orElseThrow());
        await().atMost(Duration.ofSeconds(5)).until(() -> second.tryHold("agent", "b", Duration.ofSeconds(30)).isPresent());
        Fence current = new Fence("agent", second.tryHold("agent", "b", Duration.ofSeconds(30)).orElseThrow());
        AlertState instance = new AlertState("m{host=web-1}", AlertStatus.FIRING, "critical", 5, NOW, NOW, 1, 1);
        AlertState other = AlertState.initial("m{host=web-2}", NOW);
        alerts.save(instance, List.of(), current);
        alerts.save(other, List.of(), current);

        assertThatThrownBy(() -> alerts.forget(instance.monitor(), stale)).isInstanceOf(FencedException.class)
                .hasMessageContaining("token " + stale.token());
        assertThat(alerts.loadState(instance.monitor())).contains(instance);

        alerts.forget(instance.monitor(), current);
        alerts.forget("never saved", current);

        assertThat(alerts.loadStates()).containsOnlyKeys(other.monitor());
        alerts.forget(other.monitor(), Fence.NONE);
        assertThat(alerts.loadStates()).isEmpty();
    }

    @Test
    void theOutboxKeepsEntriesInOrderOnceEachUntilRemoved() {
        AlertStore alerts = stores.open().alerts().orElseThrow();
        AlertState state = AlertState.initial("m", NOW);
        alerts.save(state, List.of(entry("m/1/1/mail"), entry("m/1/1/ops")), Fence.NONE);
        alerts.save(state, List.of(entry("m/1/1/mail"), entry("m/1/2/mail")), Fence.NONE);

        assertThat(alerts.outbox(10)).extracting(OutboxEntry::id).containsExactly("m/1/1/mail", "m/1/1/ops", "m/1/2/mail");
        assertThat(alerts.outbox(2)).extracting(OutboxEntry::id).containsExactly("m/1/1/mail", "m/1/1/ops");

        alerts.remove(List.of("m/1/1/ops", "never there"));

        assertThat(stores.open().alerts().orElseThrow().outbox(10)).as("seen by another process")
                .containsExactly(entry("m/1/1/mail"), entry("m/1/2/mail"));
    }

    private static OutboxEntry entry(String id) {
        String via = id.substring(id.lastIndexOf('/') + 1);
        return new OutboxEntry(id, "m", via, "{id: " + id + "}\nwith a second line");
    }
}
