package dev.hawkeye.micrometer;

import dev.hawkeye.client.HawkeyeClient;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeCounter;
import io.micrometer.core.instrument.cumulative.CumulativeDistributionSummary;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionCounter;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionTimer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.internal.DefaultGauge;
import io.micrometer.core.instrument.internal.DefaultLongTaskTimer;
import io.micrometer.core.instrument.internal.DefaultMeter;
import io.micrometer.core.instrument.push.PushMeterRegistry;
import io.micrometer.core.instrument.util.NamedThreadFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer registry that sends to hawkeye through {@link HawkeyeClient} over the Unix socket.
 *
 * <ul>
 *   <li>Counters, timers and distribution summaries send each recording as it happens (the client
 *       buffers and batches; the caller never waits): a counter's increments as a hawkeye counter,
 *       a timer's durations in milliseconds and a summary's amounts as hawkeye histogram values, so
 *       that a monitor's {@code p99} is the percentile of every recording.</li>
 *   <li>Gauges (and time gauges, in milliseconds) are read and sent every {@link HawkeyeRegistryConfig#step}.
 *       So are long task timers, as the gauges {@code KEY.active} (tasks running) and
 *       {@code KEY.duration} (their summed duration, in milliseconds); function counters, as a counter
 *       of what they grew by; function timers, as counters {@code KEY.count} and {@code KEY.sum}
 *       (milliseconds); any other meter, as one gauge per measurement, {@code KEY.<statistic>}.</li>
 *   <li>Names and tags are mapped by {@link HawkeyeNamingConvention}.</li>
 * </ul>
 *
 * <p>The meters' own values ({@code count()}, {@code totalTime()}, ...) are cumulative, as in
 * Micrometer's {@code SimpleMeterRegistry}.
 */
public final class HawkeyeMeterRegistry extends PushMeterRegistry {
    private final HawkeyeRegistryConfig settings;
    private final HawkeyeClient client;
    private final boolean ownsClient;
    private final Map<Meter.Id, double[]> lastSent = new ConcurrentHashMap<>();

    /**
     * A registry with its own client on {@link HawkeyeRegistryConfig#socket()}, closed with it; publishing
     * starts at once. The client aggregates (sums a counter's increments, keeps a gauge's last value
     * between sends), as Micrometer's meters mean them.
     */
    public HawkeyeMeterRegistry(HawkeyeRegistryConfig config, Clock clock) {
        this(config, clock, HawkeyeClient.builder().socket(config.socket()).aggregation(true).build(), true);
    }

    /** A registry that sends through {@code client}, which the caller keeps (and closes after the registry). */
    public HawkeyeMeterRegistry(HawkeyeRegistryConfig config, Clock clock, HawkeyeClient client) {
        this(config, clock, client, false);
    }

    private HawkeyeMeterRegistry(HawkeyeRegistryConfig config, Clock clock, HawkeyeClient client, boolean ownsClient) {
        super(config, clock);
        this.settings = config;
        this.client = client;
        this.ownsClient = ownsClient;
        config().namingConvention(new HawkeyeNamingConvention());
        // A removed function meter's last value would otherwise stay for the registry's life.
        config().onMeterRemoved(meter -> lastSent.remove(meter.getId()));
        if (config.enabled()) {
            start(new NamedThreadFactory("hawkeye-metrics-publisher"));
        }
    }

    @Override
    protected void publish() {
        for (Meter meter : getMeters()) {
            meter.use(this::publishGauge, counter -> { }, timer -> { }, summary -> { }, this::publishLongTaskTimer,
                    this::publishTimeGauge, this::publishFunctionCounter, this::publishFunctionTimer, this::publishMeasurements);
        }
    }

    @Override
    public void close() {
        super.close();
        if (ownsClient) {
            client.close();
        }
    }

    private void publishGauge(Gauge gauge) {
        sendGauge(destination(gauge.getId(), ""), gauge.value());
    }

    private void publishTimeGauge(TimeGauge gauge) {
        sendGauge(destination(gauge.getId(), ""), gauge.value(TimeUnit.MILLISECONDS));
    }

    private void publishLongTaskTimer(LongTaskTimer timer) {
        sendGauge(destination(timer.getId(), ".active"), timer.activeTasks());
        sendGauge(destination(timer.getId(), ".duration"), timer.duration(TimeUnit.MILLISECONDS));
    }

    private void publishFunctionCounter(FunctionCounter counter) {
        double[] last = lastSent.computeIfAbsent(counter.getId(), id -> new double[1]);
        double now = counter.count();
        if (Double.isFinite(now) && now != last[0]) {
            Destination to = destination(counter.getId(), "");
            client.count(to.key(), now - last[0], to.tags());
            last[0] = now;
        }
    }

    private void publishFunctionTimer(FunctionTimer timer) {
        double[] last = lastSent.computeIfAbsent(timer.getId(), id -> new double[2]);
        double count = timer.count();
        double total = timer.totalTime(TimeUnit.MILLISECONDS);
        if (Double.isFinite(count) && Double.isFinite(total) && count != last[0]) {
            Destination counted = destination(timer.getId(), ".count");
            Destination summed = destination(timer.getId(), ".sum");
            client.count(counted.key(), count - last[0], counted.tags());
            client.count(summed.key(), total - last[1], summed.tags());
            last[0] = count;
            last[1] = total;
        }
    }

    private void publishMeasurements(Meter meter) {
        for (Measurement measurement : meter.measure()) {
            sendGauge(destination(meter.getId(), "." + measurement.getStatistic().getTagValueRepresentation()), measurement.getValue());
        }
    }

    private void sendGauge(Destination to, double value) {
        if (Double.isFinite(value)) {
            client.gauge(to.key(), value, to.tags());
        }
    }

    /** Whether the last value sent of a function meter is kept (for tests: a removed meter's is not). */
    boolean remembersLastSent(Meter.Id id) {
        return lastSent.containsKey(id);
    }

    /** Where a meter's values go: its hawkeye key (with {@code suffix}) and its tags as names and values in turn. */
    Destination destination(Meter.Id id, String suffix) {
        List<Tag> tags = getConventionTags(id);
        String[] namesAndValues = new String[tags.size() * 2];
        for (int i = 0; i < tags.size(); i++) {
            namesAndValues[2 * i] = tags.get(i).getKey();
            namesAndValues[2 * i + 1] = tags.get(i).getValue();
        }
        return new Destination(getConventionName(id) + suffix, namesAndValues);
    }

    /** @param tags names and values in turn, as {@link HawkeyeClient} takes them */
    record Destination(String key, String[] tags) {
    }

    @Override
    protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> valueFunction) {
        return new DefaultGauge<>(id, obj, valueFunction);
    }

    @Override
    protected Counter newCounter(Meter.Id id) {
        return new SendingCounter(id, client, destination(id, ""));
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig, PauseDetector pauseDetector) {
        return new SendingTimer(id, clock, distributionStatisticConfig, pauseDetector, client, destination(id, ""));
    }

    @Override
    protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig,
                                                         double scale) {
        return new SendingSummary(id, clock, distributionStatisticConfig, scale, client, destination(id, ""));
    }

    @Override
    protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig) {
        return new DefaultLongTaskTimer(id, clock, getBaseTimeUnit(), distributionStatisticConfig, false);
    }

    @Override
    protected Meter newMeter(Meter.Id id, Meter.Type type, Iterable<Measurement> measurements) {
        return new DefaultMeter(id, type, measurements);
    }

    @Override
    protected <T> FunctionTimer newFunctionTimer(Meter.Id id, T obj, ToLongFunction<T> countFunction,
                                                 ToDoubleFunction<T> totalTimeFunction, TimeUnit totalTimeFunctionUnit) {
        return new CumulativeFunctionTimer<>(id, obj, countFunction, totalTimeFunction, totalTimeFunctionUnit, getBaseTimeUnit());
    }

    @Override
    protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
        return new CumulativeFunctionCounter<>(id, obj, countFunction);
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.MILLISECONDS;
    }

    @Override
    protected DistributionStatisticConfig defaultHistogramConfig() {
        return DistributionStatisticConfig.builder().expiry(settings.step()).build().merge(DistributionStatisticConfig.DEFAULT);
    }

    /** Counts as Micrometer's cumulative counter does, and sends each increment. */
    private static final class SendingCounter extends CumulativeCounter {
        private final HawkeyeClient client;
        private final Destination to;

        SendingCounter(Meter.Id id, HawkeyeClient client, Destination to) {
            super(id);
            this.client = client;
            this.to = to;
        }

        @Override
        public void increment(double amount) {
            super.increment(amount);
            client.count(to.key(), amount, to.tags());
        }
    }

    /** Times as Micrometer's cumulative timer does, and sends each duration in milliseconds. */
    private static final class SendingTimer extends CumulativeTimer {
        private final HawkeyeClient client;
        private final Destination to;

        SendingTimer(Meter.Id id, Clock clock, DistributionStatisticConfig config, PauseDetector pauseDetector,
                     HawkeyeClient client, Destination to) {
            super(id, clock, config, pauseDetector, TimeUnit.MILLISECONDS, false);
            this.client = client;
            this.to = to;
        }

        @Override
        protected void recordNonNegative(long amount, TimeUnit unit) {
            super.recordNonNegative(amount, unit);
            client.histogram(to.key(), unit.toNanos(amount) / 1e6, to.tags());
        }
    }

    /** Summarises as Micrometer's cumulative summary does, and sends each amount. */
    private static final class SendingSummary extends CumulativeDistributionSummary {
        private final HawkeyeClient client;
        private final Destination to;

        SendingSummary(Meter.Id id, Clock clock, DistributionStatisticConfig config, double scale, HawkeyeClient client,
                       Destination to) {
            super(id, clock, config, scale, false);
            this.client = client;
            this.to = to;
        }

        @Override
        protected void recordNonNegative(double amount) {
            super.recordNonNegative(amount);
            client.histogram(to.key(), amount, to.tags());
        }
    }
}
