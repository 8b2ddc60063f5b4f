package dev.hawkeye.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.FencedException;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.notify.NotificationCodec;
import dev.hawkeye.core.plugin.PluginManager;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.SharedLeases;
import dev.hawkeye.core.testing.StoreWrites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A notification decided by an agent that died before delivering it stays in the store's outbox,
 * and the agent that takes the lease next sends it, once, and removes it; a holder whose token is
 * stale can no longer save.
 */
class WhatTheOutboxHoldsIsSentOnceByTheNextHolderTest {
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final MemoryStore memory = new MemoryStore(Duration.ofHours(1), Clock.systemUTC());
    private final SharedLeases shared = new SharedLeases();
    private PrintStream realOut;
    private PluginManager plugins;

    @BeforeEach
    void setUp() {
        realOut = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        plugins = PluginManager.load(null, getClass().getClassLoader());
    }

    @AfterEach
    void tearDown() {
        plugins.close();
        System.setOut(realOut);
    }

    @Test
    void theNextHolderSendsWhatADeadHolderLeftInTheOutboxOnce() {
        StoreWrites.write(memory, Series.of("room.temperature"), MetricType.GAUGE, 50, Instant.now().minusSeconds(5));
        Instant since = Instant.now().minusSeconds(30);
        // What a holder that died after deciding, before its notifier accepted, leaves behind.
        AlertState firing = new AlertState("hot", AlertStatus.FIRING, "hot", 50, since, since, 1, 1);
        Notification decided = new Notification("hot/1/1/out", Notification.Kind.FIRING, Notification.Reason.STARTED, "hot",
                "hot", 50, "max(room.temperature) > 10 over 1m", Duration.ofMinutes(1), since, since,
                PluginConfig.empty("monitors[0].triggers[0].notify[0]"));
        shared.alerts().save(firing, List.of(NotificationCodec.entry("out", decided)), Fence.NONE);

        Agent next = Agent.start(config("B"), plugins, shared.over(memory), new Counters(), Clock.systemUTC(),
                new StoreHealthTracker(Clock.systemUTC()), Duration.ofMillis(600));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> shared.alerts().outbox(10).isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> next.status().get(0).state().equals("FIRING"));
        } finally {
            next.close();
        }

        assertThat(lines("FIRING hot")).as("sent once, from the outbox; not decided again").singleElement().asString()
                .startsWith("[B] ");
    }

    @Test
    void aSaveUnderATokenThatIsNoLongerTheLeasesIsRefused() throws InterruptedException {
        var leases = shared.over(memory).leases().orElseThrow();
        Fence stale = new Fence("agent", leases.tryHold("agent", "a", Duration.ofMillis(50)).orElseThrow());
        Thread.sleep(100);
        Fence current = new Fence("agent", leases.tryHold("agent", "b", Duration.ofMinutes(1)).orElseThrow());
        AlertState state = AlertState.initial("hot", Instant.now());

        assertThatThrownBy(() -> shared.alerts().save(state, List.of(), stale)).isInstanceOf(FencedException.class);
        assertThat(shared.alerts().loadState("hot")).isEmpty();
        assertThat(current.token()).isGreaterThan(stale.token());
        shared.alerts().save(state, List.of(), current);
        assertThat(shared.alerts().loadState("hot")).contains(state);
    }

    private List<String> lines(String text) {
        return console.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(text)).toList();
    }

    private static HawkeyeConfig config(String tag) {
        return new ConfigLoader(new Environment(Map.of())).parse("""
                version: 2
                notifiers:
                  out: {type: tagged-console, tag: %s}
                defaults: {window: 1m, evaluate_every: 100ms}
                monitors:
                  - name: hot
                    metric: room.temperature
                    aggregate: max
                    triggers: [{level: hot, when: "> 10", notify: [out]}]
                """.formatted(tag), tag + ".yaml");
    }
}
