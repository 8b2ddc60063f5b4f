package dev.hawkeye.core.store;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded store: flushed buckets and alert state in this process's memory, lost when it
 * exits. Buckets older than the retention are pruned while writing (at most once a minute) and
 * never read; a written bucket already older than the retention is not stored but counted and
 * logged (at most once a minute, with the total). A series whose buckets have all been pruned is
 * forgotten.
 *
 * <p>Bounded: at most {@code maxSeries} series are held. A bucket of a new series beyond it is not
 * stored but counted and logged the same way; the series is stored once pruning has made room.
 *
 * <p>Thread-safe. Writes are applied one at a time, and exactly once per batch id among the last
 * {@value #REMEMBERED_BATCH_IDS} batches; reads lock only the series they read, so they do not wait
 * for writes of other series. Never throws {@link dev.hawkeye.api.store.StoreException}.
 */
public final class MemoryStore implements MetricStore {
    /** How many applied batch ids are remembered to recognise a retried write. */
    public static final int REMEMBERED_BATCH_IDS = 10_000;
    private static final Duration MAX_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Duration retention;
    private final int maxSeries;
    private final Clock clock;
    private final long sweepIntervalMillis;
    private final ConcurrentHashMap<Series, SeriesHistory> series = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AlertState> alertStates = new ConcurrentHashMap<>();

    // Guards the fields below and makes "check the id, apply, remember the id" one step.
    private final Object writeLock = new Object();
    private final LinkedHashSet<String> appliedBatchIds = new LinkedHashSet<>();
    private long lastSweepMillis;
    private final DropTally tooOld;
    private final DropTally overMaxSeries;

    /**
     * A store of at most {@link MemoryStoreFactory#DEFAULT_MAX_SERIES} series.
     *
     * @see #MemoryStore(Duration, int, Clock)
     */
    public MemoryStore(Duration retention, Clock clock) {
        this(retention, MemoryStoreFactory.DEFAULT_MAX_SERIES, clock);
    }

    /**
     * @param retention how long buckets are kept, counted from their start
     * @param maxSeries how many series are held at most
     * @param clock     decides what is older than the retention
     * @throws IllegalArgumentException when the retention or {@code maxSeries} is not positive
     */
    public MemoryStore(Duration retention, int maxSeries, Clock clock) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive; got " + retention);
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be at least 1; got " + maxSeries);
        }
        this.retention = retention;
        this.maxSeries = maxSeries;
        this.clock = clock;
        this.sweepIntervalMillis = Math.min(retention.toMillis(), MAX_SWEEP_INTERVAL.toMillis());
        this.lastSweepMillis = clock.millis();
        this.tooOld = new DropTally("older than the retention (" + PluginConfig.formatDuration(retention) + ")", clock);
        this.overMaxSeries = new DropTally("of new series beyond max_series (" + maxSeries + ")", clock);
    }

    @Override
    public void write(FlushBatch batch) {
        synchronized (writeLock) {
            if (appliedBatchIds.contains(batch.id())) {
                return;
            }
            long cutoff = cutoffMillis();
            // First, so that series gone idle make room for new ones.
            sweepIfDue(cutoff);
            long skipped = 0;
            SeriesBucket skippedExample = null;
            long overLimit = 0;
            SeriesBucket overLimitExample = null;
            for (SeriesBucket bucket : batch.buckets()) {
                if (bucket.bucketStartMillis() < cutoff) {
                    // Already past the retention, it would be pruned at once: do not store it.
                    skipped++;
                    skippedExample = bucket;
                    continue;
                }
                SeriesHistory history = series.get(bucket.series());
                if (history == null) {
                    // Only writes add series and they hold writeLock, so the size cannot grow past the check.
                    if (series.size() >= maxSeries) {
                        overLimit++;
                        overLimitExample = bucket;
                        continue;
                    }
                    history = new SeriesHistory();
                    series.put(bucket.series(), history);
                }
                history.merge(bucket.bucketStartMillis(), bucket.type(), bucket.stats());
            }
            if (skippedExample != null) {
                tooOld.add(skipped, describe(skippedExample));
            }
            if (overLimitExample != null) {
                overMaxSeries.add(overLimit, describe(overLimitExample));
            }
            appliedBatchIds.add(batch.id());
            if (appliedBatchIds.size() > REMEMBERED_BATCH_IDS) {
                appliedBatchIds.remove(appliedBatchIds.iterator().next());
            }
        }
    }

    /**
     * Merges the buckets of {@code series} that start in {@code [from, to)} and are within the
     * retention. A percentile comes from the merged sketches of a histogram's buckets.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    @Override
    public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
        }
        Duration window = Duration.between(from, to);
        SeriesHistory history = this.series.get(series);
        SeriesHistory.Window found = history == null ? null
                : history.read(Math.max(from.toEpochMilli(), cutoffMillis()), to.toEpochMilli());
        if (found == null) {
            return aggregate.of(MetricType.COUNTER, Stats.EMPTY, window);
        }
        return aggregate.of(found.type(), found.stats(), window);
    }

    @Override
    public Optional<AlertState> loadAlertState(String monitor) {
        return Optional.ofNullable(alertStates.get(monitor));
    }

    @Override
    public void saveAlertState(AlertState state) {
        alertStates.put(state.monitor(), state);
    }

    /** A snapshot, sorted by monitor name. */
    @Override
    public Map<String, AlertState> loadAlertStates() {
        return Collections.unmodifiableMap(new TreeMap<>(alertStates));
    }

    @Override
    public String describe() {
        return "memory";
    }

    /** How many written buckets of new series were not stored because {@code maxSeries} series were held. */
    long bucketsDroppedOverMaxSeries() {
        return overMaxSeries.total();
    }

    /** How many series are held. */
    int seriesCount() {
        return series.size();
    }

    private static String describe(SeriesBucket bucket) {
        return bucket.series() + " at " + Instant.ofEpochMilli(bucket.bucketStartMillis());
    }

    /** How many written buckets were not stored because they were older than the retention. */
    long bucketsDroppedAsTooOld() {
        return tooOld.total();
    }

    /** How many buckets are held, over all series (for tests of pruning). */
    int bucketCount() {
        int count = 0;
        for (SeriesHistory history : series.values()) {
            count += history.size();
        }
        return count;
    }

    private long cutoffMillis() {
        return clock.millis() - retention.toMillis();
    }

    private void sweepIfDue(long cutoff) {
        long now = clock.millis();
        if (now - lastSweepMillis < sweepIntervalMillis) {
            return;
        }
        lastSweepMillis = now;
        // Only writes add buckets and they hold writeLock, so a history removed here cannot be gaining one.
        series.entrySet().removeIf(entry -> entry.getValue().pruneBefore(cutoff));
    }
}
