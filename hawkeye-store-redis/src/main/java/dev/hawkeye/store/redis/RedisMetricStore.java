package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A {@link MetricStore} in Redis, shared by every hawkeye server and agent pointed at the same
 * Redis: buckets written by several servers merge, and alert state and the outbox
 * ({@link RedisAlertStore}) and fenced leases ({@link RedisLeases}) outlive the agent. The key
 * layout is described by {@link KeyLayout} and in the module's README. Thread-safe. Every method
 * throws {@link StoreException} (naming the operation and the URL without its password) when Redis
 * cannot be reached, times out or refuses; each costs one round trip.
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
 * one round trip too.
 */
public final class RedisMetricStore implements MetricStore {
    private static final System.Logger LOG = System.getLogger(RedisMetricStore.class.getName());

    /** How much longer than {@code sketch_detail} a bucket's own sketch lives: the clock skew between hosts tolerated. */
    static final Duration SKETCH_DETAIL_MARGIN = Duration.ofMinutes(1);

    static final String BUCKETS_DROPPED = "store.buckets.dropped";

    private final RedisStoreSettings settings;
    private final RedisCommands redis;
    private final KeyLayout keys;
    private final Clock clock;
    private final LuaScript writeBatch = LuaScript.load(LuaScript.WRITE_BATCH);
    private final LuaScript readWindow = LuaScript.load(LuaScript.READ_WINDOW);
    private final RedisAlertStore alerts;
    private final RedisLeases leases;
    private final DroppedBuckets dropped = new DroppedBuckets(System::nanoTime);

    RedisMetricStore(RedisStoreSettings settings, RedisCommands redis, Clock clock) {
        this.settings = settings;
        this.redis = redis;
        this.keys = new KeyLayout(settings.keyPrefix());
        this.clock = clock;
        this.alerts = new RedisAlertStore(redis, keys);
        this.leases = new RedisLeases(redis, keys);
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
        if (chunks.size() == 1) {
            ScriptCall call = writeCall(marker, 0, chunks.get(0), now);
            replies = List.of(redis.eval(operation, writeBatch, call.keys(), call.args()));
        } else {
            replies = redis.evalEach(operation, writeBatch, chunks.size(), i -> writeCall(marker, i, chunks.get(i), now));
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

    /** The keys and arguments of write-batch.lua for chunk {@code index} of a batch. */
    private ScriptCall writeCall(String marker, int index, List<SeriesBucket> chunk, long now) {
        long retentionMillis = settings.retention().toMillis();
        long rollupMillis = settings.sketchRollup().toMillis();
        List<String> scriptKeys = new ArrayList<>(1 + chunk.size());
        List<String> args = new ArrayList<>(9 + 3 * chunk.size());
        scriptKeys.add(marker);
        args.add(Long.toString(retentionMillis));
        args.add(Long.toString(now - retentionMillis));
        args.add(Integer.toString(QuantileSketch.MAX_BINS));
        args.add(Long.toString(detailSketchTtlMillis()));
        args.add(settings.rollsUpSketches() ? "1" : "0");
        args.add(Long.toString(now));
        args.add(Integer.toString(index));
        args.add(KeyLayout.SLAB_INDEX_SUFFIX);
        args.add(Long.toString(KeyLayout.SLAB_WIDTH_MILLIS));
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
        return new ScriptCall(scriptKeys, args);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The buckets are merged inside Redis by a Lua script, so the answer is small whatever
     * the window's length: the merged summary and, for a histogram, the merged bins of its
     * quantile sketch (at most {@value QuantileSketch#MAX_BINS} per side), from which the
     * percentiles are computed here. The series' type is taken from its latest bucket in the window.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}, or the window is
     *                                  longer than the retention (older data is gone)
     */
    @Override
    public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(aggregate, "aggregate");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a window must not end before it starts: from " + from + " to " + to);
        }
        Duration window = Duration.between(from, to);
        if (window.compareTo(settings.retention()) > 0) {
            throw new IllegalArgumentException("a window of " + PluginConfig.formatDuration(window)
                    + " is longer than the redis store's retention of " + PluginConfig.formatDuration(settings.retention())
                    + "; older data is gone, so use a shorter window or raise store.retention");
        }
        String operation = "read of " + aggregate.wireName() + " of " + series;
        String seriesPrefix = keys.seriesPrefix(series);
        List<String> reply = redis.eval(operation, readWindow, List.of(seriesPrefix + KeyLayout.SLAB_INDEX_SUFFIX), List.of(
                Long.toString(from.toEpochMilli()), Long.toString(to.toEpochMilli()), seriesPrefix + "b:",
                KeyLayout.SKETCH_SUFFIX, Integer.toString(QuantileSketch.MAX_BINS), seriesPrefix + "r:",
                Long.toString(settings.sketchRollup().toMillis()), Long.toString(detailCutoffMillis()),
                seriesPrefix + "s:", Long.toString(KeyLayout.SLAB_WIDTH_MILLIS)));
        if (reply.isEmpty()) {
            return aggregate.of(MetricType.GAUGE, Stats.EMPTY, window);
        }
        try {
            MetricType type = MetricType.fromWireName(reply.get(0));
            Stats stats = new Stats((long) number(reply.get(1)), number(reply.get(2)), number(reply.get(3)),
                    number(reply.get(4)), number(reply.get(5)), (long) number(reply.get(6)), SketchCodec.decode(reply, 7));
            return aggregate.of(type, stats, window);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new StoreException("redis " + operation + " at " + redis.url() + ": the buckets under "
                    + keys.slabIndexKey(series) + " are unreadable (" + reply + "): " + e.getMessage(), e);
        }
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

    /**
     * The start from which a window read takes the buckets' own sketches: {@code sketch_detail} ago,
     * rounded up to a whole rollup so that a rollup is used either for all of its buckets or for
     * none (none counted twice).
     */
    private long detailCutoffMillis() {
        if (!settings.rollsUpSketches()) {
            return Long.MIN_VALUE;
        }
        if (settings.sketchDetail().isZero()) {
            return Long.MAX_VALUE;
        }
        long rollup = settings.sketchRollup().toMillis();
        long since = clock.millis() - settings.sketchDetail().toMillis();
        long floor = since - Math.floorMod(since, rollup);
        return floor == since ? since : floor + rollup;
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

    /** Reads a number printed by Java or by Lua's {@code %.17g} (which writes {@code inf} and {@code nan}). */
    private static double number(String text) {
        switch (text) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": case "-nan": return Double.NaN;
            default: return Double.parseDouble(text);
        }
    }
}
