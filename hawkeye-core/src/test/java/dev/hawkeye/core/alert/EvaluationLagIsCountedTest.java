package dev.hawkeye.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.Comparison;
import dev.hawkeye.core.config.Condition;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every scheduled evaluation is counted with how late it started, so that /metrics shows the mean lag. */
class EvaluationLagIsCountedTest {
    private final Counters counters = new Counters();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final MonitorSpec spec = new MonitorSpec("api.errors", Series.of("api.errors"), Aggregate.COUNT, Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(5), List.of(new TriggerSpec("high",
            new Condition(Comparison.GREATER_OR_EQUAL, 100), List.of(new NotifyRoute("console", PluginConfig.of("r", Map.of(), k -> "x"))))));
    private final AlertEngine engine = new AlertEngine(List.of(spec), new MemoryStore(Duration.ofHours(1), Clock.systemUTC()),
            (NotificationTarget) (via, notification) -> true, counters, Clock.systemUTC(), scheduler, IngestSettings.DEFAULTS);

    @AfterEach
    void tearDown() {
        engine.close();
        scheduler.shutdownNow();
    }

    @Test
    void anEvaluationHeldUpByABusySchedulerCountsHowLateItStarted() {
        // The monitor is first due 1 to 2 s after the start; the scheduler's one thread is busy until 2.5 s.
        engine.start();
        scheduler.execute(() -> sleep(Duration.ofMillis(2_500)));

        await().atMost(Duration.ofSeconds(10)).until(() -> counters.get(Counters.EVALUATIONS_RUN) >= 1);

        assertThat(counters.get(Counters.EVALUATIONS_LAG_MS)).isBetween(400L, 2_600L);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
