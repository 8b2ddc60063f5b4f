package dev.hawkeye.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.plugin.PluginManager;
import dev.hawkeye.core.testing.GatedMemoryStoreFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The notification of an evaluation that runs across a reload which renames its notifier is delivered (by the retiring notifier). */
class AnEvaluationRunningAcrossAReloadStillNotifiesTest {
    private static String config(String notifier) {
        return """
                version: 2
                transport: {type: in-process}
                store: {type: gated-memory}
                notifiers:
                  %s: {type: tagged-console, tag: %s}
                defaults: {window: 1m, evaluate_every: 100ms}
                monitors:
                  - name: hot
                    metric: room.temperature
                    aggregate: max
                    triggers: [{level: hot, when: "> 10", notify: [%s]}]
                """.formatted(notifier, notifier, notifier);
    }

    @Test
    void theFiringOfAnEvaluationDuringAReloadIsDelivered() throws Exception {
        PrintStream realOut = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        ConfigLoader loader = new ConfigLoader(new Environment(Map.of()));
        try (PluginManager plugins = PluginManager.load(null, getClass().getClassLoader())) {
            GatedMemoryStoreFactory.gate = new CountDownLatch(1);
            String out;
            try (Hawkeye hawkeye = Hawkeye.builder().config(loader.parse(config("ops"), "a.yaml")).plugins(plugins).start()) {
                // Old enough to be in the evaluation's window, which ends where the data has settled.
                hawkeye.sink().record(new Point(Series.of("room.temperature"), MetricType.GAUGE, 50,
                        System.currentTimeMillis() - 5_000));
                hawkeye.flush();
                assertThat(GatedMemoryStoreFactory.readWaiting.await(5, TimeUnit.SECONDS)).isTrue();

                // The first evaluation (rules: notify ops) now waits in its read; the reload renames ops to pager.
                Thread reload = new Thread(() -> hawkeye.reload(loader.parse(config("pager"), "b.yaml")));
                reload.start();
                await().until(() -> reload.getState() == Thread.State.BLOCKED || reload.getState() == Thread.State.WAITING);
                GatedMemoryStoreFactory.gate.countDown();
                reload.join();
                out = console.toString(StandardCharsets.UTF_8);
            }
            assertThat(out.lines().filter(line -> line.contains("FIRING hot")))
                    .as("the monitor fired under the old rules; the retiring notifier delivers its STARTED, once")
                    .singleElement().asString().startsWith("[ops] ");
        } finally {
            System.setOut(realOut);
        }
    }
}
