package dev.hawkeye.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.LogCapture;
import dev.hawkeye.core.testing.SharedLeases;
import dev.hawkeye.core.testing.StoreWrites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two agents on one shared store: the one holding the store's lease evaluates and notifies, the
 * other stands by (saying so once), and takes over with the saved alert states once the holder's
 * lease expires, so every notification is sent once.
 */
class OneAgentPerStoreEvaluatesAndAStandbyTakesOverTest {
    private static final Duration LEASE_TTL = Duration.ofMillis(600);

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    @RegisterExtension
    final LogCapture leaseLog = LogCapture.of(AgentLease.class);
    private final MemoryStore memory = new MemoryStore(Duration.ofHours(1), Clock.systemUTC());
    private final SharedLeases leases = new SharedLeases();
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
    void theLeaseHolderNotifiesAndAStandbyTakesOverWithoutRepeatingIt() throws Exception {
        // Old enough to be in the window, which ends where the data has settled.
        StoreWrites.write(memory, Series.of("room.temperature"), MetricType.GAUGE, 50, Instant.now().minusSeconds(5));
        MetricStore storeOfA = leases.over(memory);
        MetricStore storeOfB = leases.over(memory);

        Agent a = Agent.start(config("A"), plugins, storeOfA, new Counters(), Clock.systemUTC(),
                new StoreHealthTracker(Clock.systemUTC()), LEASE_TTL);
        Agent b = Agent.start(config("B"), plugins, storeOfB, new Counters(), Clock.systemUTC(),
                new StoreHealthTracker(Clock.systemUTC()), LEASE_TTL);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> lines("FIRING hot").size() == 1);
            Thread.sleep(LEASE_TTL.toMillis()); // b tries the lease a few times meanwhile
            assertThat(b.status()).extracting(MonitorStatus::state).containsExactly("UNKNOWN");

            a.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> b.status().get(0).state().equals("FIRING"));
        } finally {
            b.close();
            a.close();
        }

        assertThat(lines("FIRING hot")).as("sent once, by the first holder").singleElement().asString().startsWith("[A] ");
        assertThat(leaseLog.messages())
                .filteredOn(line -> line.contains("another agent holds the lease 'agent'")).as("said once").hasSize(1);
        assertThat(leaseLog.messages())
                .anySatisfy(line -> assertThat(line).contains("took over the lease 'agent'"));
    }

    @Test
    void aHolderThatStopsHandsTheLeaseBackSoAStandbyNeedNotWaitForItToExpire() {
        StoreWrites.write(memory, Series.of("room.temperature"), MetricType.GAUGE, 50, Instant.now().minusSeconds(5));
        // a's lease would last a minute; b tries every 200 ms.
        Agent a = Agent.start(config("A"), plugins, leases.over(memory), new Counters(), Clock.systemUTC(),
                new StoreHealthTracker(Clock.systemUTC()), Duration.ofMinutes(1));
        Agent b = Agent.start(config("B"), plugins, leases.over(memory), new Counters(), Clock.systemUTC(),
                new StoreHealthTracker(Clock.systemUTC()), LEASE_TTL);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> a.status().get(0).state().equals("FIRING"));

            a.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> b.status().get(0).state().equals("FIRING"));
        } finally {
            b.close();
            a.close();
        }
        assertThat(lines("FIRING hot")).singleElement().asString().startsWith("[A] ");
    }

    private java.util.List<String> lines(String text) {
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
