package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.alert.AlertEngine;
import dev.hawkeye.core.notify.ConsoleNotifier;
import dev.hawkeye.core.notify.Dispatcher;
import dev.hawkeye.core.notify.RecordingNotifier;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.ManualClock;
import dev.hawkeye.core.testing.StoreWrites;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * The one migration path: a version 1 file and its version 2 equivalent written by hand mean the
 * same model and send the same notifications; and the printed version 2 form of either loads back
 * into the same model.
 */
class Version1And2EquivalenceTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");

    private final ConfigLoader loader = new ConfigLoader(new Environment(Map.of()));

    @Test
    void aVersion1FileAndItsVersion2EquivalentGiveEqualModels() throws IOException {
        HawkeyeConfig v1 = loader.parse(resource("v1.yaml"), "v1.yaml");
        HawkeyeConfig v2 = loader.parse(resource("v2.yaml"), "v2.yaml");

        assertSameMeaning(v2, v1);
        assertThat(v1.warnings()).containsExactly(Version1Translator.NO_SMTP_WARNING);
        assertThat(v2.warnings()).isEmpty();
    }

    @Test
    void aVersion1FileAndItsVersion2EquivalentSendTheSameNotifications() throws IOException {
        List<String> fromV1 = notifications(loader.parse(resource("v1.yaml"), "v1.yaml"));
        List<String> fromV2 = notifications(loader.parse(resource("v2.yaml"), "v2.yaml"));

        assertThat(fromV1).hasSizeGreaterThan(5).isEqualTo(fromV2);
        assertThat(fromV1).anyMatch(line -> line.contains("(escalated)")).anyMatch(line -> line.contains("(deescalated)"))
                .anyMatch(line -> line.contains("(repeated)")).anyMatch(line -> line.contains("RESOLVED"));
    }

    @Test
    void thePrintedVersion2FormOfEitherFileLoadsBackIntoTheSameModel() throws IOException {
        for (String file : List.of("v1.yaml", "v2.yaml")) {
            HawkeyeConfig loaded = loader.parse(resource(file), file);

            String printed = new ConfigPrinter().print(loaded);

            assertSameMeaning(loader.parse(printed, "printed.yaml"), loaded);
        }
    }

    @Test
    void aFullVersion2FileSurvivesPrintingUnchangedInMeaning() {
        HawkeyeConfig loaded = loader.parse("""
                version: 2
                store: {type: memory, retention: 2h}
                transport: {type: unix, path: /tmp/h.sock}
                http: {listen: "127.0.0.1:9999", expose_series: true}
                ingest: {resolution: 5s, flush_every: 2s, max_pending_batches: 7, max_pending_buckets: 4321, max_series: 99}
                notifiers:
                  ops: {type: console}
                  mail: {type: email, host: smtp.example.com, port: 2525, from: h@example.com}
                monitors:
                  - name: latency
                    metric: api.latency
                    tags: {route: /checkout, "on": "true"}
                    aggregate: avg
                    window: 90s
                    evaluate_every: 250ms
                    for: 1m
                    repeat_every: never
                    no_data: keep
                    triggers:
                      - {level: slow, when: "> 0.25", notify: [ops]}
                      - {level: down, when: "!= 1e-7", notify: [{via: mail, to: x@example.com, subject: "[p1] down"}]}
                """, "full.yaml");

        String printed = new ConfigPrinter().print(loaded);

        assertThat(printed).contains("max_pending_buckets: 4321", "listen: 127.0.0.1:9999");
        assertSameMeaning(loader.parse(printed, "printed.yaml"), loaded);
    }

    @Test
    void anHttpServerTurnedOffStaysOffInThePrintedForm() {
        HawkeyeConfig loaded = loader.parse("version: 2\nhttp: off\nmonitors: []\n", "off.yaml");

        HawkeyeConfig printed = loader.parse(new ConfigPrinter().print(loaded), "printed.yaml");

        assertThat(loaded.http()).isNull();
        assertThat(printed.http()).isNull();
    }

    @Test
    void theIngestLimitsArePrintedWithTheirDefaultsWhenNotWritten() throws IOException {
        HawkeyeConfig loaded = loader.parse(resource("v1.yaml"), "v1.yaml");

        assertThat(new ConfigPrinter().print(loaded)).contains("max_pending_batches: 600", "max_pending_buckets: 1000000");
    }

    @Test
    void secretsArePrintedMasked() {
        HawkeyeConfig loaded = new ConfigLoader(new Environment(Map.of("SMTP_PASSWORD", "hunter2"))).parse("""
                version: 2
                store: {type: redis, url: "redis://hawkeye:s3cret@cache:6379/0"}
                notifiers:
                  mail: {type: email, host: smtp.example.com, username: hawkeye, password: "${SMTP_PASSWORD}"}
                  ops: {type: slack, webhook_url: "https://hooks.slack.com/services/T0/B0/XYZ", bot_token: xoxb-1}
                monitors: []
                """, "secret.yaml");

        String printed = new ConfigPrinter().print(loaded);

        assertThat(printed).doesNotContain("hunter2", "s3cret", "XYZ", "xoxb-1")
                .contains("url: redis://hawkeye:***@cache:6379/0", "password: '***'", "webhook_url: '***'", "bot_token: '***'",
                        "username: hawkeye");
    }

    @Test
    void aUrlPasswordHoldingSlashOrAtIsPrintedMaskedWhole() {
        for (String password : new String[] {"pa/ss", "p@ss", "a/b@c#d", "%2Fx@y/z"}) {
            HawkeyeConfig loaded = new ConfigLoader(new Environment(Map.of("REDIS_PASSWORD", password))).parse("""
                    version: 2
                    store: {type: redis, url: "redis://hawkeye:${REDIS_PASSWORD}@cache:6379/0"}
                    monitors: []
                    """, "secret.yaml");

            String printed = new ConfigPrinter().print(loaded);

            assertThat(printed).as(password).contains("url: redis://hawkeye:***@cache:6379/0");
            for (String part : password.split("[/@#]")) {
                assertThat(printed).as(password).doesNotContain(":" + part).doesNotContain(part + "@cache");
            }
        }
    }

    private static void assertSameMeaning(HawkeyeConfig actual, HawkeyeConfig expected) {
        assertThat(actual).usingRecursiveComparison()
                .ignoringFields("source", "warnings")
                // A version 1 monitor watches its untagged series only; version 2 merges tagged ones too.
                .ignoringFieldsMatchingRegexes(".*locator", ".*\\.path", ".*otherTagsAllowed")
                .isEqualTo(expected);
    }

    /**
     * The console lines (and ids) of what {@code config} notifies while api.errors counts, per
     * minute: quiet, a warning, a climb to critical, back to warning, quiet again.
     */
    private static List<String> notifications(HawkeyeConfig config) {
        ManualClock clock = new ManualClock(T0);
        MemoryStore store = new MemoryStore(Duration.ofHours(2), clock);
        RecordingNotifier console = RecordingNotifier.working();
        Counters counters = new Counters();
        Dispatcher dispatcher = new Dispatcher(Map.<String, Notifier>of("console", console), counters, clock);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (AlertEngine engine = new AlertEngine(config.monitors(), store, dispatcher, counters, clock, scheduler, IngestSettings.DEFAULTS)) {
            for (int minute = 1; minute <= 40; minute++) {
                Instant now = T0.plus(Duration.ofMinutes(minute));
                double count = minute < 5 ? 1 : minute < 20 ? 150 : minute < 25 ? 1500 : minute < 30 ? 200 : 0;
                StoreWrites.write(store, ERRORS, MetricType.COUNTER, count, now.minusSeconds(30));
                clock.set(now);
                engine.evaluateAll();
            }
        } finally {
            scheduler.shutdownNow();
        }
        dispatcher.close();
        return console.delivered().stream().map(n -> n.id() + " " + ConsoleNotifier.format(n)).toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Version1And2EquivalenceTest.class.getResourceAsStream("/equivalence/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
