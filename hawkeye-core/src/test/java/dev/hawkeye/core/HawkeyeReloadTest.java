package dev.hawkeye.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.ConfigWatcher;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import dev.hawkeye.core.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Editing monitors.yaml under a running hawkeye: applied when valid, refused (and logged) when not. */
class HawkeyeReloadTest {
    private static final Series TEMPERATURE = Series.of("room.temperature");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    @RegisterExtension
    final LogCapture watcherLog = LogCapture.of(ConfigWatcher.class);
    private final AtomicInteger loads = new AtomicInteger();
    private final ConfigLoader loader = new ConfigLoader(new Environment(Map.of()));
    private PrintStream realOut;
    private PluginManager plugins;
    private Hawkeye hawkeye;
    private ConfigWatcher watcher;
    private Path file;

    @BeforeEach
    void setUp() {
        realOut = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        plugins = PluginManager.load(null, HawkeyeReloadTest.class.getClassLoader());
        file = dir.resolve("monitors.yaml");
    }

    @AfterEach
    void tearDown() {
        if (watcher != null) {
            watcher.close();
        }
        if (hawkeye != null) {
            hawkeye.close();
        }
        plugins.close();
        System.setOut(realOut);
    }

    @Test
    void anEditedFileAppliesAndMonitorsWhoseRulesDidNotChangeKeepTheirState() throws Exception {
        startWatching(config("day", 10, ""));
        heatTheRoom();
        await().until(() -> lines("[day]", "FIRING steady ").length == 1 && lines("[day]", "FIRING tuned ").length == 1);
        MonitorStatus steadyBefore = status("steady");

        edit(config("night", 100, """
                  - name: fresh
                    metric: room.temperature
                    aggregate: max
                    triggers: [{level: hot, when: "> 10", notify: [pager]}]
                """));

        await().until(() -> lines("[night]", "RESOLVED tuned ").length == 1 && lines("[night]", "FIRING fresh ").length == 1);
        assertThat(hawkeye.status().monitors()).extracting(MonitorStatus::name).containsExactly("tuned", "steady", "fresh");
        assertThat(status("steady").state()).isEqualTo("FIRING");
        assertThat(status("steady").since()).isEqualTo(steadyBefore.since());
        assertThat(status("tuned").state()).isEqualTo("OK");
        assertThat(lines("", "FIRING steady ")).as("steady did not start again").hasSize(1);
        assertThat(hawkeye.config().monitors()).hasSize(3);
    }

    @Test
    void aBrokenEditIsRefusedWithItsProblemsLoggedAndTheRunningConfigStays() throws Exception {
        startWatching(config("day", 10, ""));
        heatTheRoom();
        await().until(() -> lines("[day]", "FIRING tuned ").length == 1);
        HawkeyeConfig running = hawkeye.config();

        edit(config("day", 10, "").replace("\"> 10\"", "\"> abc\""));

        await().until(() -> loads.get() == 1);
        assertThat(hawkeye.config()).isSameAs(running);
        assertThat(watcherLog.messages()).anySatisfy(message -> assertThat(message)
                .startsWith("config refused: " + file.toAbsolutePath() + ":10:")
                .contains("monitors[0].triggers[0].when: expected a comparison", "'abc' is not a number"));
        edit(config("day", 100, ""));
        await().until(() -> lines("[day]", "RESOLVED tuned ").length == 1);
        assertThat(status("steady").state()).as("still evaluated, still firing").isEqualTo("FIRING");
    }

    @Test
    void aStoreChangeIsRefusedUntilARestart() throws Exception {
        startWatching(config("day", 10, ""));
        String withRetention = config("day", 10, "").replace("transport: {type: in-process}",
                "transport: {type: in-process}\nstore: {type: memory, retention: 2h}");

        assertThatThrownBy(() -> hawkeye.reload(loader.parse(withRetention, "monitors.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitors.yaml:3:1: store: the store cannot change while hawkeye runs; restart hawkeye");
        edit(withRetention);
        await().until(() -> loads.get() == 1);
        assertThat(hawkeye.config().store().asMap()).doesNotContainKey("retention");
    }

    @Test
    void reloadNowAppliesTheFileOnRequestAsSighupWould() throws Exception {
        Files.writeString(file, config("day", 10, ""));
        hawkeye = Hawkeye.builder().config(loader.load(file)).plugins(plugins).start();
        watcher = new ConfigWatcher(file, this::load, hawkeye::reload, Duration.ofMillis(50));
        Files.writeString(file, config("night", 10, ""));

        boolean applied = watcher.reloadNow();
        Files.writeString(file, config("night", 10, "").replace("pager]", "pagre]"));
        boolean refused = !watcher.reloadNow();

        assertThat(applied).isTrue();
        assertThat(refused).isTrue();
        assertThat(hawkeye.config().notifiers().get("pager").asMap()).containsEntry("tag", "night");
        assertThat(watcherLog.messages())
                .anyMatch(message -> message.contains("no notifier named 'pagre'; defined: pager (did you mean 'pager'?)"));
    }

    @Test
    void aClosedHawkeyeRefusesToReload() throws Exception {
        Files.writeString(file, config("day", 10, ""));
        HawkeyeConfig config = loader.load(file);
        hawkeye = Hawkeye.builder().config(config).plugins(plugins).start();
        hawkeye.close();

        assertThatThrownBy(() -> hawkeye.reload(config)).isInstanceOf(IllegalStateException.class);
    }

    /** Two monitors of one gauge: steady fires above 10, tuned above {@code threshold}; both page the tagged notifier. */
    private static String config(String tag, int threshold, String moreMonitors) {
        return """
                version: 2
                transport: {type: in-process}
                notifiers:
                  pager: {type: tagged-console, tag: %s}
                defaults: {window: 1m, evaluate_every: 100ms}
                monitors:
                  - name: tuned
                    metric: room.temperature
                    aggregate: max
                    triggers: [{level: hot, when: "> %d", notify: [pager]}]
                  - name: steady
                    metric: room.temperature
                    aggregate: max
                    triggers: [{level: hot, when: "> 10", notify: [pager]}]
                %s""".formatted(tag, threshold, moreMonitors);
    }

    private void startWatching(String yaml) throws IOException {
        Files.writeString(file, yaml);
        hawkeye = Hawkeye.builder().config(loader.load(file)).plugins(plugins).start();
        watcher = new ConfigWatcher(file, this::load, hawkeye::reload, Duration.ofMillis(50));
        watcher.start();
    }

    private HawkeyeConfig load(Path path) {
        loads.incrementAndGet();
        return loader.load(path);
    }

    /** Replaces the file the way editors save: write beside it, then rename over it. */
    private void edit(String yaml) throws IOException {
        Path temporary = dir.resolve(".monitors.yaml.swp");
        Files.writeString(temporary, yaml);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A hot reading from 5 s ago: already settled, so the next evaluation's window holds it. */
    private void heatTheRoom() {
        hawkeye.sink().record(new Point(TEMPERATURE, MetricType.GAUGE, 50, System.currentTimeMillis() - 5_000));
        hawkeye.flush();
    }

    private MonitorStatus status(String name) {
        return hawkeye.status().monitors().stream().filter(status -> status.name().equals(name)).findFirst().orElseThrow();
    }

    private String[] lines(String prefix, String word) {
        return Arrays.stream(console.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(line -> line.startsWith(prefix) && line.contains(word)).toArray(String[]::new);
    }
}
