package dev.hawkeye.http;

import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /metrics}: hawkeye's own figures in the Prometheus text format (OpenMetrics when the
 * scraper asks for it), with the JVM's, written by the Prometheus Java library. Each counter of
 * {@code status} is a counter {@code hawkeye_<name>_total}, a level that {@code status} shows
 * beside them (a name ending in {@code .pending}) a gauge; each monitor's state is
 * {@code hawkeye_monitor_state{monitor, state, level} 1}. With {@code expose_series}, the last value
 * of each series that had a point in the last {@value #SERIES_WINDOW_MINUTES} minutes (at most
 * {@link QueryService#MAX_LISTED_SERIES}) is a gauge named for its key, its tags as labels.
 */
final class MetricsEndpoint {
    static final int SERIES_WINDOW_MINUTES = 5;
    private static final String PREFIX = "hawkeye_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    MetricsEndpoint(QueryService queries, boolean exposeSeries) {
        JvmMetrics.builder().register(registry);
        registry.register((MultiCollector) () -> snapshots(queries.status()));
        if (exposeSeries) {
            registry.register((MultiCollector) () -> series(queries.series(SeriesSelector.matching(null, List.of()),
                    Duration.ofMinutes(SERIES_WINDOW_MINUTES), QueryService.MAX_LISTED_SERIES)));
        }
    }

    Response metrics(Request request) {
        request.rejectUnknownParameters(List.of());
        ExpositionFormatWriter writer = formats.findWriter(request.accept());
        if (!writer.isAvailable()) {
            writer = formats.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Response(200, writer.getContentType(), out.toByteArray(), Map.of());
    }

    private static MetricSnapshots snapshots(StatusReport status) {
        List<MetricSnapshot> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, Long> counter : new TreeMap<>(status.counters()).entrySet()) {
            String name = PREFIX + PrometheusNaming.sanitizeMetricName(counter.getKey().replace('.', '_'));
            if (!names.add(name)) {
                continue;
            }
            if (counter.getKey().endsWith(".pending")) {
                all.add(GaugeSnapshot.builder().name(name).help("hawkeye's " + counter.getKey() + " now")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(counter.getValue()).build()).build());
            } else {
                all.add(CounterSnapshot.builder().name(name).help("hawkeye's " + counter.getKey() + " since it started")
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(counter.getValue()).build()).build());
            }
        }
        all.add(GaugeSnapshot.builder().name(PREFIX + "store_available").help("1 while the store answers, 0 while it fails")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(status.store().available() ? 1 : 0).build())
                .build());
        GaugeSnapshot.Builder states = GaugeSnapshot.builder().name(PREFIX + "monitor_state")
                .help("1 for each monitor (or instance) in its state, with its breached level");
        GaugeSnapshot.Builder values = GaugeSnapshot.builder().name(PREFIX + "monitor_value")
                .help("each monitor's (or instance's) last evaluated value, absent without data");
        for (MonitorStatus monitor : status.monitors()) {
            states.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1)
                    .labels(Labels.of("monitor", monitor.name(), "state", monitor.state(),
                            "level", monitor.level() == null ? "" : monitor.level()))
                    .build());
            if (Double.isFinite(monitor.value())) {
                values.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(monitor.value())
                        .labels(Labels.of("monitor", monitor.name())).build());
            }
        }
        all.add(states.build());
        all.add(values.build());
        return new MetricSnapshots(all);
    }

    /** One gauge per key, a data point per series; series whose labels clash after sanitising are left out. */
    private static MetricSnapshots series(List<SeriesInfo> found) {
        Map<String, GaugeSnapshot.Builder> byName = new LinkedHashMap<>();
        Map<String, Set<Labels>> seen = new LinkedHashMap<>();
        for (SeriesInfo info : found) {
            if (!Double.isFinite(info.lastValue())) {
                continue;
            }
            String name = PrometheusNaming.sanitizeMetricName(info.series().key().replace('.', '_'));
            if (name.startsWith(PREFIX) || name.startsWith("jvm_") || name.startsWith("process_")) {
                continue; // the names of hawkeye's own metrics, which a scrape must not hold twice
            }
            List<String> labelNames = new ArrayList<>();
            List<String> labelValues = new ArrayList<>();
            info.series().tags().forEach((tag, value) -> {
                labelNames.add(PrometheusNaming.sanitizeLabelName(tag));
                labelValues.add(value);
            });
            Labels labels;
            try {
                labels = Labels.of(labelNames, labelValues);
            } catch (IllegalArgumentException clash) {
                continue;
            }
            if (!seen.computeIfAbsent(name, key -> new HashSet<>()).add(labels)) {
                continue;
            }
            byName.computeIfAbsent(name, key -> GaugeSnapshot.builder().name(key)
                            .help("the last value of hawkeye's series " + info.series().key() + " (" + info.type().wireName() + ")"))
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(info.lastValue()).labels(labels).build());
        }
        List<MetricSnapshot> all = new ArrayList<>();
        byName.values().forEach(builder -> all.add(builder.build()));
        return new MetricSnapshots(all);
    }
}
