package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Leases;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.store.redis.RedisCommands.ScriptCall;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MetricStore} in Redis, shared by every hawkeye server and agent pointed at the same
 * Redis: buckets written by several servers merge, and alert state and the outbox
 * ({@link RedisAlertStore}) and fenced leases ({@link RedisLeases}) outlive the agent. The key
 * layout is described by {@link KeyLayout} and in the module's README. Thread-safe. Every method
 * throws {@link StoreException} (naming the operation and the URL without its password) when Redis
 * cannot be reached, times out or refuses; each costs one round trip but {@link #series} and
 * {@link #readGrouped}, which cost two (three without a metric key).
 *
 * <p>A batch is applied by a Lua script per chunk of at most {@code write_chunk} buckets (one
 * chunk for most batches), all sent in one pipeline, so it costs one round trip and no script
 * keeps Redis from answering others for long. Each script first sets its chunk's field in the
 * batch's marker hash and applies nothing when it was already set: every chunk is applied
 * atomically and exactly once even when the answer to a successful write is lost, or a write
 * broke off after some chunks, and the write is retried. The marker lives as long as the data
 * (the retention). This needs all keys of a chunk in one place: it holds for a single Redis (and
 * a primary with replicas), not for Redis Cluster, where one script may only touch one slot (see
 * the README).
 *
 * <p>A bucket is a field of its series' slab, the hash of the series' buckets in one minute
 * ({@link KeyLayout}): a new bucket costs the script one {@code HSETNX}, plus a {@code ZADD} into the
 * series' slab index and a {@code PTTL} once per slab and chunk, where a key per bucket took six
 * calls. A histogram bucket's {@link QuantileSketch} is merged by the same script into a hash of
 * its own, bin by bin ({@code HINCRBY}), keeping the sketch's cap, and into the hash of the
 * rollup the bucket starts in ({@code sketch_rollup}, 1 minute by default). A bucket's own sketch
 * is kept for {@code sketch_detail} (1 hour by default), the rollups for the retention, which
 * bounds what busy histograms cost in Redis. A window read merges the bins of its buckets'
 * sketches since the detail cutoff and of their rollups before it (a rollup whole, so such a
 * window's percentiles cover whole rollups) in the same script as the rest, so percentiles cost
 * one round trip too. A read that merged every bucket of an ended slab keeps their summary in the
 * slab, which later reads take while it still holds and gives the same numbers (series-window.lua).
 *
 * <p>The write script also keeps, once per series and slab, the metric's index of series
 * ({@link KeyLayout#seriesIndexKey}), by which {@link #series} and {@link #readGrouped} find the
 * series a selector selects ({@link SeriesIndex}) and then read them in pipelined script calls.
 */
public final class RedisMetricStore implements MetricStore {
    private static final System.Logger LOG = System.getLogger(RedisMetricStore.class.getName());

    /** How much longer than {@code sketch_detail} a bucket's own sketch lives: the clock skew between hosts tolerated. */
    static final Duration SKETCH_DETAIL_MARGIN = Duration.ofMinutes(1);

    static final String BUCKETS_DROPPED = "store.buckets.dropped";

    /** The most series one read-last.lua call reads (for {@link #series}): their latest buckets only. */
    static final int SERIES_PER_SCRIPT = 250;
    /**
     * The most series one read-groups.lua call merges: 50 series of 1-second counters over 5
     * minutes take it some 5-7 ms once their slabs keep summaries, about {@link #SCRIPT_BUDGET}, so
     * that few calls stop early and send their other series again (250 a call, most stopping early,
     * made a grouped read 30 % slower).
     */
    static final int GROUPED_SERIES_PER_SCRIPT = 50;
    /**
     * The same for a percentile, which merges every bucket's sketch: 25 series of 1-second
     * histograms (5 bins a bucket) over 5 minutes kept Redis up to some 170 ms.
     */
    static final int SKETCHED_SERIES_PER_SCRIPT = 25;
    /**
     * How long one read script call may run before it stops after the series it is on and leaves the
     * rest to the next call. Redis reads a client's commands 16 KB at a time and runs, between two
     * such reads of a write, a read call waiting in the pipeline: a write of 1,000 buckets (over
     * 100 KB) so waits for some eight calls, which a first read (keeping its slabs' summaries, some
     * 2 ms a series) would make seconds.
     */
    static final Duration SCRIPT_BUDGET = Duration.ofMillis(5);

    private final RedisStoreSettings settings;
    private final RedisCommands redis;
    private final KeyLayout keys;
    private final Clock clock;
    private final LuaScript writeBatch = LuaScript.load(LuaScript.WRITE_BATCH, LuaScript.SHORTEST_TEXT);
    private final LuaScript readWindow = LuaScript.load(LuaScript.READ_WINDOW, LuaScript.SHORTEST_TEXT, LuaScript.SERIES_WINDOW);
    private final LuaScript readGroups = LuaScript.load(LuaScript.READ_GROUPS, LuaScript.SHORTEST_TEXT, LuaScript.SERIES_WINDOW);
    private final LuaScript readLast = LuaScript.load(LuaScript.READ_LAST, LuaScript.SHORTEST_TEXT, LuaScript.SERIES_WINDOW);
    private final RedisAlertStore alerts;
    private final RedisLeases leases;
    private final WindowArgs windowArgs;
    private final SeriesIndex index;
    private final DroppedBuckets dropped = new DroppedBuckets(System::nanoTime);
    private final IndexedSlabs indexedSlabs = new IndexedSlabs();
    private volatile Duration scriptBudget = SCRIPT_BUDGET;

    RedisMetricStore(RedisStoreSettings settings, RedisCommands redis, Clock clock) {
        this.settings = settings;
        this.redis = redis;
        this.keys = new KeyLayout(settings.keyPrefix());
        this.clock = clock;
        this.alerts = new RedisAlertStore(redis, keys);
        this.leases = new RedisLeases(redis, keys);
        this.windowArgs = new WindowArgs(settings, clock);
        this.index = new SeriesIndex(redis, keys);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A batch of more than {@code write_chunk} buckets (or of many histogram bins) is applied in
     * chunks ({@link BatchChunks}), one script each, sent in one pipeline: each chunk is atomic and
     * applied exactly once (its marker is a field of the batch's marker), and Redis answers others
     * between two chunks. A retry after a write that failed half-way applies only the chunks not
     * applied yet. A batch of one chunk costs one round trip, as does the pipeline of a larger one.
     *
     * <p>Buckets that start more than the retention before now (by this store's clock) are
     * skipped, counted and logged: they would expire at once and no window may reach them. A
     * bucket Redis refuses (a key of another type where its data goes) is counted and logged, and
     * costs nothing else: the rest of its chunk is applied and marked.
     */
    @Override
    public void write(FlushBatch batch) {
        List<SeriesBucket> buckets = new ArrayList<>(batch.buckets().size());
        for (SeriesBucket bucket : batch.buckets()) {
            if (!bucket.stats().isEmpty()) {
                buckets.add(bucket);
            }
        }
        if (buckets.isEmpty()) {
            return;
        }
        List<List<SeriesBucket>> chunks = BatchChunks.split(buckets, settings.writeChunk());
        long now = clock.millis();
        long cutoff = now - settings.retention().toMillis();
        String marker = keys.batchMarkerKey(batch.id());
        String operation = "write of batch " + batch.id() + (chunks.size() == 1 ? "" : " (" + buckets.size() + " buckets in "
                + chunks.size() + " chunks)");
        List<List<String>> replies;
        Set<Map.Entry<Series, Long>> entries = ConcurrentHashMap.newKeySet();
        if (chunks.size() == 1) {
            ScriptCall call = writeCall(marker, 0, chunks.get(0), now, entries);
            replies = List.of(redis.eval(operation, writeBatch, call.keys(), call.args()));
        } else {
            replies = redis.evalEach(operation, writeBatch, chunks.size(), i -> writeCall(marker, i, chunks.get(i), now, entries));
        }
        int appliedBefore = 0;
        long tooOld = 0;
        long failed = 0;
        String firstFailure = "";
        for (List<String> reply : replies) {
            if (reply.size() != 4 || !reply.get(0).matches("[01]") || !reply.get(1).matches("\\d{1,9}")
                    || !reply.get(2).matches("\\d{1,9}")) {
                throw new StoreException("redis " + operation + " at " + redis.url() + ": unexpected answer " + reply);
            }
            if (reply.get(0).equals("0")) {
                appliedBefore++;
            }
            tooOld += Integer.parseInt(reply.get(1));
            failed += Integer.parseInt(reply.get(2));
            if (firstFailure.isEmpty()) {
                firstFailure = reply.get(3);
            }
        }
        indexedSlabs.addAll(entries);
        if (appliedBefore > 0) {
            int before = appliedBefore;
            LOG.log(Level.INFO, () -> "redis store: " + (chunks.size() == 1 ? "batch " + batch.id() + " was"
                    : before + " of the " + chunks.size() + " chunks of batch " + batch.id() + " were")
                    + " applied before (a retried write); not applied again");
        }
        // Described only when logged: a write that drops nothing builds no text.
        String failure = firstFailure;
        dropped.add(tooOld, () -> "of batch " + batch.id() + " that started before " + Instant.ofEpochMilli(cutoff)
                + ", more than the retention of " + PluginConfig.formatDuration(settings.retention()) + " ago");
        dropped.add(failed, () -> "of batch " + batch.id() + " that Redis refused, in whole or in part, e.g. " + failure
                + " (a key of that name holds something else: another program's, or one written by hand)");
    }

    /**
     * {@code store.buckets.dropped}: buckets this store was given but did not keep, because they
     * started before the retention or because Redis refused them.
     */
    @Override
    public Map<String, Long> counters() {
        return Map.of(BUCKETS_DROPPED, dropped.total());
    }

    /**
     * The keys and arguments of write-batch.lua for chunk {@code index} of a batch, adding to
     * {@code entries} the (series, slab) whose index entry it carries.
     */
    private ScriptCall writeCall(String marker, int index, List<SeriesBucket> chunk, long now,
                                 Set<Map.Entry<Series, Long>> entries) {
        long retentionMillis = settings.retention().toMillis();
        long rollupMillis = settings.sketchRollup().toMillis();
        List<String> scriptKeys = new ArrayList<>(2 + chunk.size());
        List<String> args = new ArrayList<>(12 + 3 * chunk.size());
        scriptKeys.add(marker);
        scriptKeys.add(keys.metricsKey());
        args.add(Long.toString(retentionMillis));
        args.add(Long.toString(now - retentionMillis));
        args.add(Integer.toString(QuantileSketch.MAX_BINS));
        args.add(Long.toString(detailSketchTtlMillis()));
        args.add(settings.rollsUpSketches() ? "1" : "0");
        args.add(Long.toString(now));
        args.add(Integer.toString(index));
        args.add(KeyLayout.SLAB_INDEX_SUFFIX);
        args.add(Long.toString(KeyLayout.SLAB_WIDTH_MILLIS));
        args.add(KeyLayout.SLAB_SUMMARY_FIELD);
        args.add(keys.seriesIndexPrefix());
        // A series' index entry goes with its first bucket of a slab in the chunk, unless written already.
        List<String> indexKeys = new ArrayList<>();
        Set<Map.Entry<Series, Long>> inChunk = new HashSet<>();
        int entriesAt = args.size();
        args.add(null);
        for (int i = 0; i < chunk.size(); i++) {
            Series series = chunk.get(i).series();
            Map.Entry<Series, Long> entry = Map.entry(series, KeyLayout.slabStart(chunk.get(i).bucketStartMillis()));
            if (!indexedSlabs.contains(series, entry.getValue()) && inChunk.add(entry)) {
                args.add(Integer.toString(i + 1));
                args.add(SeriesTags.encode(series.tags()));
                indexKeys.add(keys.seriesIndexKey(series.key()));
            }
        }
        args.set(entriesAt, Integer.toString(indexKeys.size()));
        entries.addAll(inChunk);
        StringBuilder summary = new StringBuilder(64);
        for (SeriesBucket bucket : chunk) {
            Stats stats = bucket.stats();
            long start = bucket.bucketStartMillis();
            String seriesPrefix = keys.seriesPrefix(bucket.series());
            boolean sketched = SketchCodec.carriesBins(stats.sketch());
            scriptKeys.add(KeyLayout.slabKey(seriesPrefix, start));
            if (sketched) {
                scriptKeys.add(KeyLayout.sketchKey(seriesPrefix, start));
                scriptKeys.add(KeyLayout.rollupSketchKey(seriesPrefix, start - Math.floorMod(start, rollupMillis)));
            }
            args.add(Long.toString(start));
            summary.setLength(0);
            summary.append(bucket.type().wireName()).append(' ').append(stats.count()).append(' ').append(stats.sum())
                    .append(' ').append(stats.min()).append(' ').append(stats.max()).append(' ').append(stats.last())
                    .append(' ').append(stats.lastTimestampMillis());
            args.add(summary.toString());
            if (sketched) {
                int countAt = args.size();
                args.add(null);
                SketchCodec.append(stats.sketch(), args);
                args.set(countAt, Integer.toString(args.size() - countAt - 1));
            } else {
                args.add("0");
            }
        }
        scriptKeys.addAll(indexKeys);
        return new ScriptCall(scriptKeys, args);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The buckets are merged inside Redis by a Lua script, so the answer is small whatever
     * the window's length: the merged summary and, for a percentile of a histogram, the merged bins
     * of its quantile sketch (at most {@value QuantileSketch#MAX_BINS} per side), from which the
     * percentiles are computed here. The series' type is taken from its latest bucket in the window.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}, or the window is
     *                                  longer than the retention (older data is gone)
     */
    @Override
    public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(aggregate, "aggregate");
        Duration window = windowArgs.check(from, to);
        return window(series, aggregate, from, to)
                .map(totals -> aggregate.of(totals.type(), totals.stats(), window))
                .orElseGet(() -> aggregate.of(MetricType.GAUGE, Stats.EMPTY, window));
    }

    /** What read-window.lua finds of {@code series} in {@code [from, to)} for {@code aggregate}; empty when nothing. */
    private Optional<WindowTotals> window(Series series, Aggregate aggregate, Instant from, Instant to) {
        String operation = "read of " + aggregate.wireName() + " of " + series;
        String slabIndex = keys.slabIndexKey(series);
        List<String> reply = redis.eval(operation, readWindow, List.of(slabIndex), windowArgs.of(from, to, aggregate));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(WindowTotals.decode(reply));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new StoreException("redis " + operation + " at " + redis.url() + ": the buckets under "
                    + slabIndex + " are unreadable (" + reply + "): " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Finds the series in the metric's index of series ({@link SeriesIndex}: one round trip, two
     * without a key), then reads the latest bucket of each in the window (read-last.lua, up to
     * {@value #SERIES_PER_SCRIPT} series per call, all calls in one pipeline). A series' last value
     * is its latest bucket's: a counter's increments in it, else its last value.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}, or the window is
     *                                  longer than the retention
     */
    @Override
    public List<SeriesInfo> series(SeriesSelector selector, Instant from, Instant to, int limit) {
        windowArgs.check(from, to);
        if (limit < 1) {
            return List.of();
        }
        List<Series> candidates = index.find(selector, from.toEpochMilli());
        List<String> header = windowArgs.ofLast(from, to);
        String operation = "read of the latest points of " + selector;
        List<SeriesInfo> found = new ArrayList<>();
        // Most candidates have a point in the window: read as many as are still wanted, then more if some had none.
        for (int at = 0; at < candidates.size() && found.size() < limit; ) {
            List<Series> round = candidates.subList(at, Math.min(candidates.size(), at + limit - found.size()));
            List<List<String>> replies = redis.evalEach(operation, readLast, calls(round.size(), SERIES_PER_SCRIPT),
                    i -> new ScriptCall(slabIndexKeys(part(round, i, SERIES_PER_SCRIPT)), header));
            for (int i = 0; i < replies.size(); i++) {
                List<Series> part = part(round, i, SERIES_PER_SCRIPT);
                List<String> reply = replies.get(i);
                if (reply.size() != 3 * part.size()) {
                    throw new StoreException("redis " + operation + " at " + redis.url() + ": unexpected answer " + reply);
                }
                for (int j = 0; j < part.size() && found.size() < limit; j++) {
                    if (!reply.get(3 * j).isEmpty()) {
                        found.add(lastPoint(operation, part.get(j), reply.subList(3 * j, 3 * j + 3)));
                    }
                }
            }
            at += round.size();
        }
        return found;
    }

    private SeriesInfo lastPoint(String operation, Series series, List<String> words) {
        try {
            return new SeriesInfo(series, MetricType.fromWireName(words.get(0)),
                    Instant.ofEpochMilli((long) WindowTotals.number(words.get(2))), WindowTotals.number(words.get(1)));
        } catch (IllegalArgumentException e) {
            throw new StoreException("redis " + operation + " at " + redis.url() + ": the latest bucket under "
                    + keys.slabIndexKey(series) + " is unreadable (" + words + "): " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A selector of one series without {@code groupBy} is read as {@link #read} reads it, in one
     * round trip. Otherwise the series are found in the index ({@link SeriesIndex}: one round trip,
     * two without a key) and grouped here, the groups kept being the first {@code maxGroups} in the
     * order of their values ({@link GroupPlan}); then read-groups.lua merges their windows per group
     * and type inside Redis, up to {@value #GROUPED_SERIES_PER_SCRIPT} series per call
     * ({@value #SKETCHED_SERIES_PER_SCRIPT} for a percentile), and the calls' totals are merged here
     * ({@link GroupTotals}), all calls in one pipeline. A call stops after the series it is on once it
     * has run {@link #SCRIPT_BUDGET}, and the rest of its series go in a call of the next pipeline:
     * a first read takes a few more round trips rather than holding the writes up.
     * {@code groupsLeftOut} counts the groups left out that have a series written in or after the
     * window's first slab (its first minute), so it may count a group whose points all fall just
     * before the window.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}, or the window is
     *                                  longer than the retention
     */
    @Override
    public GroupedValues readGrouped(SeriesSelector selector, List<String> groupBy, Aggregate aggregate, Instant from,
                                     Instant to, int maxGroups) {
        Duration window = windowArgs.check(from, to);
        Optional<Series> exact = selector.exactSeries();
        if (exact.isPresent() && groupBy.isEmpty()) {
            Optional<WindowTotals> totals = window(exact.get(), aggregate, from, to);
            if (totals.isEmpty()) {
                return GroupedValues.NONE;
            }
            return maxGroups < 1 ? new GroupedValues(Map.of(), 0, 1)
                    : new GroupedValues(Map.of(Map.of(), aggregate.of(totals.get().type(), totals.get().stats(), window)), 1, 0);
        }
        GroupPlan plan = GroupPlan.of(index.find(selector, from.toEpochMilli()), groupBy, maxGroups);
        GroupTotals totals = new GroupTotals(plan.groups());
        if (!plan.series().isEmpty()) {
            String operation = "grouped read of " + aggregate.wireName() + " of " + selector
                    + (groupBy.isEmpty() ? "" : " by " + String.join(",", groupBy));
            List<String> header = new ArrayList<>(windowArgs.of(from, to, aggregate));
            header.add(Long.toString(TimeUnit.NANOSECONDS.toMicros(scriptBudget.toNanos())));
            int perCall = aggregate.isPercentile() ? SKETCHED_SERIES_PER_SCRIPT : GROUPED_SERIES_PER_SCRIPT;
            List<SeriesRange> ranges = new ArrayList<>();
            for (int start = 0; start < plan.series().size(); start += perCall) {
                ranges.add(new SeriesRange(start, Math.min(plan.series().size(), start + perCall)));
            }
            // A pipeline of a call per range; a call that ran out of budget leaves the rest of its range to the next pipeline.
            while (!ranges.isEmpty()) {
                List<SeriesRange> round = ranges;
                List<List<String>> replies = redis.evalEach(operation, readGroups, round.size(), i -> {
                    SeriesRange range = round.get(i);
                    List<String> args = new ArrayList<>(header);
                    for (int group : plan.groupOf().subList(range.start(), range.end())) {
                        args.add(Integer.toString(group));
                    }
                    return new ScriptCall(slabIndexKeys(plan.series().subList(range.start(), range.end())), args);
                });
                ranges = new ArrayList<>();
                for (int i = 0; i < round.size(); i++) {
                    SeriesRange range = round.get(i);
                    List<String> reply = replies.get(i);
                    try {
                        int merged = reply.isEmpty() ? 0 : Integer.parseInt(reply.get(0));
                        if (merged < 1 || merged > range.size()) {
                            throw new IllegalArgumentException("merged " + merged + " of " + range.size() + " series");
                        }
                        totals.add(reply.subList(1, reply.size()));
                        if (merged < range.size()) {
                            ranges.add(new SeriesRange(range.start() + merged, range.end()));
                        }
                    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                        throw new StoreException("redis " + operation + " at " + redis.url() + ": unreadable answer (" + reply
                                + "): " + e.getMessage(), e);
                    }
                }
            }
        }
        return totals.values(aggregate, window, plan.groupsLeftOut());
    }

    /** How many script calls {@code series} series take, {@code perCall} a call. */
    private static int calls(int series, int perCall) {
        return (series + perCall - 1) / perCall;
    }

    /** The part of {@code all} that call {@code i} reads, {@code perCall} a call. */
    private static <T> List<T> part(List<T> all, int i, int perCall) {
        return all.subList(i * perCall, Math.min(all.size(), (i + 1) * perCall));
    }

    /** The series {@code [start, end)} of a grouped read's plan, which one read-groups.lua call merges. */
    private record SeriesRange(int start, int end) {
        int size() {
            return end - start;
        }
    }

    /** Sets {@link #SCRIPT_BUDGET} for this store: what a test reads in many calls. */
    void scriptBudget(Duration budget) {
        scriptBudget = budget;
    }

    private List<String> slabIndexKeys(List<Series> series) {
        List<String> out = new ArrayList<>(series.size());
        for (Series one : series) {
            out.add(keys.slabIndexKey(one));
        }
        return out;
    }

    /**
     * How long a histogram bucket keeps its own sketch: the retention when sketches are not rolled
     * up; else {@code sketch_detail} plus {@link #SKETCH_DETAIL_MARGIN}, so that a reader whose clock
     * runs a little ahead of the writer's still finds every sketch its detail cutoff asks for (0 when
     * buckets keep none).
     */
    private long detailSketchTtlMillis() {
        if (!settings.rollsUpSketches()) {
            return settings.retention().toMillis();
        }
        if (settings.sketchDetail().isZero()) {
            return 0;
        }
        return Math.min(settings.sketchDetail().plus(SKETCH_DETAIL_MARGIN).toMillis(), settings.retention().toMillis());
    }

    @Override
    public Optional<AlertStore> alerts() {
        return Optional.of(alerts);
    }

    @Override
    public Optional<Leases> leases() {
        return Optional.of(leases);
    }

    /** {@code redis redis://user:***@host:6379/0 (key prefix hawkeye:, retention 24h, ...)}: no password. */
    @Override
    public String describe() {
        return "redis " + redis.url() + " (key prefix " + settings.keyPrefix()
                + ", retention " + PluginConfig.formatDuration(settings.retention())
                + ", pool " + settings.poolSize()
                + ", timeout " + PluginConfig.formatDuration(settings.timeout())
                + ", write chunk " + settings.writeChunk()
                + (settings.rollsUpSketches() ? ", histogram sketches per bucket for " + PluginConfig.formatDuration(settings.sketchDetail())
                        + " then per " + PluginConfig.formatDuration(settings.sketchRollup()) : "") + ")";
    }

    /** Closes the connection pool. */
    @Override
    public void close() {
        redis.close();
    }

}
