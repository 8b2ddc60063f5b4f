package dev.hawkeye.core.store;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded store: flushed buckets and alert state (with the outbox, {@link MemoryAlertStore}) in this process's memory, lost when it
 * exits.
 *
 * <p><b>Downsampling.</b> A bucket is kept at its own resolution for the {@code detail} period;
 * then it is merged into its rollup (of width {@code rollup}), the merge of the series' buckets that
 * start in it, which is kept for the retention. Rolling up runs while writing, at most once a
 * minute, so a bucket may keep its own resolution up to a minute longer. A window read takes, from
 * the <em>detail cutoff</em> ({@code detail} ago, rounded up to a whole rollup) on, the buckets that
 * start in the window; before it, every rollup the window overlaps, whole. So a window that
 * reaches further back than {@code detail} covers whole rollups there: up to a rollup (less one
 * bucket) more at its start than it asks for, and at its end too when it ends before the cutoff,
 * never less. This is the rule of the Redis store's sketch rollups (the rollup of every bucket in
 * the window), applied to every aggregate.
 *
 * <p><b>A series that changes type.</b> Stats of different types do not add up. Where a series'
 * data of two types meet (a bucket written where one of another type is held, a rollup's buckets, a
 * late bucket in a rollup), the later is kept (the one whose last point is later, as
 * {@link Stats#merge} takes the latest value) and the other is dropped, counted and logged like the
 * drops below; a window read takes the data of the series' latest type in it. So a late bucket of
 * one type is kept or dropped alike before and after its minute is rolled up; only a minute whose
 * type flips back and forth may keep less once rolled up (a rollup keeps one type: the data of the
 * other, dropped when it was not the latest, does not come back when a later bucket of its type does).
 *
 * <p><b>Retention.</b> Buckets and rollups whose start is older than the retention are pruned while
 * writing (at most once a minute) and never read; a written bucket whose bucket (or rollup) already
 * starts before the retention is not stored but counted and logged (at most once a minute, with the
 * total). A series with nothing left is forgotten.
 *
 * <p><b>Bounded.</b> At most {@code max_series} series are held: a bucket of a new series beyond
 * that is not stored but counted and logged the same way; the series is stored once pruning has
 * made room. And the store estimates the heap it holds (buckets, rollups, sketches, series keys,
 * and the most spare room its arrays may have); when a batch takes it over {@code max_memory}, it evicts the oldest data
 * of all series, whole seconds at a time, until it is under 95% of {@code max_memory}, and counts
 * and logs it (at most once a minute) with how far back the data now reaches. Reads ignore what
 * starts before that, and a later bucket that starts before it is dropped and counted. A rollup
 * that starts before that point is evicted whole; when eviction cuts into a minute whose buckets are
 * not rolled up yet, the seconds it keeps stay readable, rolled up or not. The estimate overshoots
 * the bound by at most one batch before the eviction that follows it.
 *
 * <p>Thread-safe. Writes are applied one at a time, and exactly once per batch id among the last
 * {@value #REMEMBERED_BATCH_IDS} batches; reads lock only the series they read, so they do not wait
 * for writes of other series. Never throws {@link dev.hawkeye.api.store.StoreException}.
 */
public final class MemoryStore implements MetricStore {
    /** How many applied batch ids are remembered to recognise a retried write. */
    public static final int REMEMBERED_BATCH_IDS = 10_000;
    private static final Duration MAX_SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** Evicting frees down to this share of {@code max_memory}, so that it does not run at every write. */
    private static final double EVICT_DOWN_TO = 0.95;

    private final MemoryStoreSettings settings;
    private final long retentionMillis;
    private final long rollupMillis;
    private final Clock clock;
    private final long sweepIntervalMillis;
    private final ConcurrentHashMap<Series, SeriesHistory> series = new ConcurrentHashMap<>();
    private final SeriesIndex index = new SeriesIndex();
    private final MemoryAlertStore alerts = new MemoryAlertStore();

    // Guards the fields below and makes "check the id, apply, remember the id" one step.
    private final Object writeLock = new Object();
    private final LinkedHashSet<String> appliedBatchIds = new LinkedHashSet<>();
    private long lastSweepMillis;
    private final AgeLedger ledger = new AgeLedger();
    /** The estimated bytes of every series held. */
    private long seriesBytes;
    private final DropTally tooOld;
    private final DropTally overMaxSeries;
    private final DropTally beforeReach;
    private final DropTally evicted;
    private final DropTally ofAnotherType;

    // Written under writeLock, read by reads too.
    /** Buckets that start before this are held in (and written to) rollups; none after it. */
    private volatile long rolledUpBefore;
    /** Everything that started before this was evicted to stay within max_memory. */
    private volatile long evictedBefore = Long.MIN_VALUE;

    /**
     * A store with the default settings but for the retention.
     *
     * @see #MemoryStore(MemoryStoreSettings, Clock)
     */
    public MemoryStore(Duration retention, Clock clock) {
        this(MemoryStoreSettings.of(retention, MemoryStoreSettings.DEFAULT_MAX_SERIES), clock);
    }

    /**
     * A store with the default settings but for the retention and {@code maxSeries}.
     *
     * @throws IllegalArgumentException when the retention or {@code maxSeries} is not positive
     */
    public MemoryStore(Duration retention, int maxSeries, Clock clock) {
        this(MemoryStoreSettings.of(retention, maxSeries), clock);
    }

    /**
     * A store with the given settings.
     *
     * @param clock decides what is older than the retention and the detail period
     */
    public MemoryStore(MemoryStoreSettings settings, Clock clock) {
        this.settings = settings;
        this.retentionMillis = settings.retention().toMillis();
        this.rollupMillis = settings.rollup().toMillis();
        this.clock = clock;
        this.sweepIntervalMillis = Math.min(retentionMillis, MAX_SWEEP_INTERVAL.toMillis());
        this.lastSweepMillis = clock.millis();
        this.rolledUpBefore = detailCutoff(lastSweepMillis);
        this.tooOld = new DropTally("older than the retention (" + PluginConfig.formatDuration(settings.retention()) + ")", clock);
        this.overMaxSeries = new DropTally("of new series beyond max_series (" + settings.maxSeries() + ")", clock);
        this.beforeReach = new DropTally("that start before the oldest data kept (older data was evicted to stay within max_memory, "
                + ByteSize.format(settings.maxMemoryBytes()) + ")", clock);
        this.ofAnotherType = new DropTally("or rollup(s) whose series has later data of another type (stats of different types "
                + "do not add up)", clock);
        this.evicted = new DropTally((buckets, reach, total) -> "memory store full (max_memory " + ByteSize.format(settings.maxMemoryBytes())
                + "): evicted " + buckets + " bucket(s) and rollup(s), the oldest first; data now reaches back to " + reach + "; "
                + total + " evicted since it started (logged at most once a minute)", clock);
    }

    @Override
    public void write(FlushBatch batch) {
        synchronized (writeLock) {
            if (appliedBatchIds.contains(batch.id())) {
                return;
            }
            long now = clock.millis();
            long cutoff = now - retentionMillis;
            TypeChangeDrops typeChangeDrops = new TypeChangeDrops();
            // First, so that series gone idle make room for new ones.
            sweepIfDue(now, typeChangeDrops);
            long skipped = 0;
            SeriesBucket skippedExample = null;
            long overLimit = 0;
            SeriesBucket overLimitExample = null;
            long unreachable = 0;
            SeriesBucket unreachableExample = null;
            long rollUpBefore = rolledUpBefore;
            long reach = evictedBefore;
            for (SeriesBucket bucket : batch.buckets()) {
                long start = bucket.bucketStartMillis();
                boolean toRollup = start < rollUpBefore;
                long storedAt = toRollup ? SeriesHistory.floor(start, rollupMillis) : start;
                if (storedAt < cutoff) {
                    // Already past the retention, it would be pruned at once: do not store it.
                    skipped++;
                    skippedExample = bucket;
                    continue;
                }
                // By its own start, not its rollup's: the rollup of a minute eviction cut into holds what it kept.
                if (start < reach) {
                    unreachable++;
                    unreachableExample = bucket;
                    continue;
                }
                SeriesHistory history = series.get(bucket.series());
                if (history == null) {
                    // Only writes add series and they hold writeLock, so the size cannot grow past the check.
                    if (series.size() >= settings.maxSeries()) {
                        overLimit++;
                        overLimitExample = bucket;
                        continue;
                    }
                    history = new SeriesHistory(bucket.series());
                    series.put(bucket.series(), history);
                    index.add(history);
                    seriesBytes += history.estimatedBytes();
                }
                seriesBytes += toRollup ? history.mergeRollup(storedAt, bucket.type(), bucket.stats(), ledger, typeChangeDrops)
                        : history.mergeBucket(start, bucket.type(), bucket.stats(), ledger, typeChangeDrops);
            }
            if (skippedExample != null) {
                tooOld.add(skipped, describe(skippedExample));
            }
            if (overLimitExample != null) {
                overMaxSeries.add(overLimit, describe(overLimitExample));
            }
            if (unreachableExample != null) {
                beforeReach.add(unreachable, describe(unreachableExample));
            }
            typeChangeDrops.reportTo(ofAnotherType);
            evictIfOverMaxMemory();
            appliedBatchIds.add(batch.id());
            if (appliedBatchIds.size() > REMEMBERED_BATCH_IDS) {
                appliedBatchIds.remove(appliedBatchIds.iterator().next());
            }
        }
    }

    /**
     * Merges what {@code series} holds in {@code [from, to)}, within the retention and what
     * eviction left: the buckets that start in it, and before the detail cutoff the rollups that
     * start in it (see the class comment). A percentile comes from the merged sketches of a
     * histogram's buckets and rollups.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    @Override
    public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
        }
        Duration window = Duration.between(from, to);
        SeriesHistory.Window found = window(this.series.get(series), from, to, clock.millis());
        if (found == null) {
            return aggregate.of(MetricType.COUNTER, Stats.EMPTY, window);
        }
        return aggregate.of(found.type(), found.stats(), window);
    }

    /** What {@code history} holds in {@code [from, to)} as {@link #read} sees it; null when nothing (or no history). */
    private SeriesHistory.Window window(SeriesHistory history, Instant from, Instant to, long now) {
        long evicted = evictedBefore;
        return history == null ? null
                : history.read(from.toEpochMilli(), to.toEpochMilli(), reachMillis(now, evicted),
                        rollupReachMillis(now, evicted), Math.max(detailCutoff(now), rolledUpBefore), rollupMillis);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Visits the series of the selector's key by the store's index; which groups are kept under
     * {@code maxGroups} is the first ones in the order of their tag values.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    @Override
    public GroupedValues readGrouped(SeriesSelector selector, List<String> groupBy, Aggregate aggregate, Instant from,
                                     Instant to, int maxGroups) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
        }
        GroupedMerge merge = new GroupedMerge(groupBy);
        // The groups are chosen before anything is read, so a group explosion costs keys, not windows.
        TreeMap<String, Map<String, String>> groupsByText = new TreeMap<>();
        List<SeriesHistory> selected = new ArrayList<>();
        List<Map<String, String>> groupOfSelected = new ArrayList<>();
        for (SeriesHistory history : index.of(selector.key())) {
            Map<String, String> group = selector.matches(history.series()) ? merge.groupOf(history.series().tags()) : null;
            if (group != null) {
                selected.add(history);
                groupOfSelected.add(group);
                groupsByText.putIfAbsent(group.toString(), group);
            }
        }
        Set<Map<String, String>> kept = new HashSet<>(groupsByText.values().stream().limit(Math.max(0, maxGroups)).toList());
        long now = clock.millis();
        int leftOut = 0;
        Set<Map<String, String>> leftOutWithData = new HashSet<>();
        for (int i = 0; i < selected.size(); i++) {
            SeriesHistory.Window found = window(selected.get(i), from, to, now);
            if (found == null) {
                continue;
            }
            Map<String, String> group = groupOfSelected.get(i);
            if (kept.contains(group)) {
                merge.add(group, found.type(), found.stats());
            } else if (leftOutWithData.add(group)) {
                leftOut++;
            }
        }
        return merge.values(aggregate, Duration.between(from, to), leftOut);
    }

    /** {@inheritDoc} By the store's index; a counter's last value is its latest bucket's increments. */
    @Override
    public List<SeriesInfo> series(SeriesSelector selector, Instant from, Instant to, int limit) {
        List<SeriesInfo> found = new ArrayList<>();
        long now = clock.millis();
        for (SeriesHistory history : index.of(selector.key())) {
            if (found.size() >= limit) {
                break;
            }
            if (selector.matches(history.series())) {
                SeriesHistory.Window window = window(history, from, to, now);
                if (window != null) {
                    double last = window.type() == MetricType.COUNTER
                            ? history.latestSum(from.toEpochMilli(), to.toEpochMilli(), reachMillis(now, evictedBefore))
                            : window.stats().last();
                    found.add(new SeriesInfo(history.series(), window.type(),
                            Instant.ofEpochMilli(window.stats().lastTimestampMillis()), last));
                }
            }
        }
        return found;
    }

    @Override
    public Optional<AlertStore> alerts() {
        return Optional.of(alerts);
    }

    @Override
    public String describe() {
        return "memory";
    }

    /** Public names of the counts below, in {@code hawkeye status}. */
    static final String BUCKETS_DROPPED = "store.buckets.dropped";
    static final String BUCKETS_EVICTED = "store.buckets.evicted";

    /**
     * {@value #BUCKETS_DROPPED}: written buckets not stored (older than the retention or than the
     * oldest data kept, or of a new series beyond {@code max_series}), and buckets and rollups,
     * written or held, dropped because their series had later data of another type; {@value #BUCKETS_EVICTED}:
     * buckets and rollups evicted to stay within {@code max_memory}. The log says which and why.
     */
    @Override
    public Map<String, Long> counters() {
        return Map.of(BUCKETS_DROPPED, bucketsDroppedAsTooOld() + bucketsDroppedBeforeReach() + bucketsDroppedOverMaxSeries()
                        + bucketsDroppedForLaterDataOfAnotherType(),
                BUCKETS_EVICTED, bucketsEvicted());
    }

    /** How many written buckets of new series were not stored because {@code maxSeries} series were held. */
    long bucketsDroppedOverMaxSeries() {
        return overMaxSeries.total();
    }

    /** How many written buckets were not stored because they started before the data eviction left. */
    long bucketsDroppedBeforeReach() {
        return beforeReach.total();
    }

    /** How many buckets and rollups, held or written, were dropped because their series had later data of another type. */
    long bucketsDroppedForLaterDataOfAnotherType() {
        return ofAnotherType.total();
    }

    /** How many buckets and rollups were evicted to stay within max_memory. */
    long bucketsEvicted() {
        return evicted.total();
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

    /** How many buckets and rollups are held, over all series (for tests of pruning). */
    int bucketCount() {
        int count = 0;
        for (SeriesHistory history : series.values()) {
            count += history.size();
        }
        return count;
    }

    /** How many rollups are held, over all series. */
    int rollupCount() {
        int count = 0;
        for (SeriesHistory history : series.values()) {
            count += history.rollupCount();
        }
        return count;
    }

    /** The heap the store estimates it holds for data: what {@code max_memory} bounds. */
    long estimatedBytes() {
        synchronized (writeLock) {
            return seriesBytes + ledger.estimatedBytes();
        }
    }

    /** The start of the oldest data a read may see: the retention, or what eviction left when that is later. */
    Instant reachesBackTo() {
        return Instant.ofEpochMilli(reachMillis(clock.millis(), evictedBefore));
    }

    private long reachMillis(long now, long evicted) {
        return Math.max(now - retentionMillis, evicted);
    }

    /**
     * The start of the oldest rollup a read may see: the retention, or the start of the rollup that
     * eviction last cut into, when that is later. Eviction removes every rollup that starts before
     * its horizon, and a bucket written later that starts before the horizon is dropped; so a rollup
     * that starts before the horizon was made since, of the seconds eviction kept of a minute it cut
     * into (and of late buckets among them), and holds nothing that starts before the horizon.
     */
    private long rollupReachMillis(long now, long evicted) {
        long cutRollup = evicted == Long.MIN_VALUE ? Long.MIN_VALUE : SeriesHistory.floor(evicted, rollupMillis);
        return Math.max(now - retentionMillis, cutRollup);
    }

    /**
     * Where reads switch from buckets to whole rollups: {@code detail} ago rounded up to a whole
     * rollup, so that a rollup is read either whole or not at all; {@link Long#MIN_VALUE} without
     * rollups, {@link Long#MAX_VALUE} with rollups only.
     */
    private long detailCutoff(long now) {
        if (!settings.rollsUp()) {
            return Long.MIN_VALUE;
        }
        if (settings.detail().isZero()) {
            return Long.MAX_VALUE;
        }
        long since = now - settings.detail().toMillis();
        long floor = SeriesHistory.floor(since, rollupMillis);
        return floor == since ? since : floor + rollupMillis;
    }

    /** Rolls up what passed the detail period and prunes what passed the retention, at most once a minute. */
    private void sweepIfDue(long now, TypeChangeDrops typeChangeDrops) {
        if (now - lastSweepMillis < sweepIntervalMillis) {
            return;
        }
        lastSweepMillis = now;
        rolledUpBefore = Math.max(rolledUpBefore, detailCutoff(now));
        long rollUpBefore = settings.rollsUp() ? rolledUpBefore : Long.MIN_VALUE;
        long pruneBefore = now - retentionMillis;
        // Only writes add buckets and they hold writeLock, so a history removed here cannot be gaining one.
        Iterator<SeriesHistory> histories = series.values().iterator();
        while (histories.hasNext()) {
            SeriesHistory history = histories.next();
            if (rollUpBefore != Long.MIN_VALUE) {
                seriesBytes += history.rollUpBefore(rollUpBefore, rollupMillis, ledger, typeChangeDrops);
            }
            seriesBytes += history.removeBefore(pruneBefore).bytes();
            if (history.isEmpty()) {
                seriesBytes -= history.estimatedBytes();
                histories.remove();
                index.remove(history);
            }
        }
        // The ledger counts by the second: the second pruneBefore falls in stays counted until the next sweep.
        ledger.removeBefore(pruneBefore);
    }

    /**
     * When the estimate is over {@code max_memory}, evicts the oldest seconds of all series until it
     * is under {@value #EVICT_DOWN_TO} of it (or nothing is left).
     */
    private void evictIfOverMaxMemory() {
        long estimated = seriesBytes + ledger.estimatedBytes();
        if (estimated <= settings.maxMemoryBytes()) {
            return;
        }
        long target = (long) (settings.maxMemoryBytes() * EVICT_DOWN_TO);
        long removed = 0;
        while (estimated > target && !ledger.isEmpty()) {
            // What the ledger counts is freed; a series' key and the rest go too when nothing of it is left.
            long horizon = Math.max(evictedBefore, ledger.horizonFreeing(estimated - target));
            Iterator<SeriesHistory> histories = series.values().iterator();
            while (histories.hasNext()) {
                SeriesHistory history = histories.next();
                SeriesHistory.Removal removal = history.removeBefore(horizon);
                removed += removal.buckets();
                seriesBytes += removal.bytes();
                if (history.isEmpty()) {
                    seriesBytes -= history.estimatedBytes();
                    histories.remove();
                    index.remove(history);
                }
            }
            ledger.removeBefore(horizon);
            evictedBefore = horizon;
            estimated = seriesBytes + ledger.estimatedBytes();
        }
        evicted.add(removed, Instant.ofEpochMilli(evictedBefore).toString());
    }
}
