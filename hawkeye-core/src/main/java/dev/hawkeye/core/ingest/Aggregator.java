package dev.hawkeye.core.ingest;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.Fatal;
import dev.hawkeye.core.StoreHealthTracker;
import dev.hawkeye.core.Ticker;
import dev.hawkeye.core.config.IngestSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges points in memory per series and time bucket ({@link IngestSettings#resolution()}) and
 * flushes what it holds to the {@link MetricStore} as one {@link FlushBatch} per flush interval.
 *
 * <p>Counters add up, gauges keep their last value, histograms their count, sum, min, max and a
 * {@link dev.hawkeye.api.metric.QuantileSketch} (for percentiles): for every type a bucket holds a
 * {@link dev.hawkeye.api.metric.Stats}, whose merge is order-independent, so a bucket whose points
 * are split over two flushes adds up in the store to what one flush would have written. Recording
 * a point allocates nothing once its series' bucket exists (a histogram's bins array grows only for
 * values outside the bins seen so far).
 *
 * <p>Bounded: at most {@link IngestSettings#maxSeries()} series are live (have had a point since
 * the flush before last) and each of them spreads over at most {@value #MAX_BUCKETS_PER_SERIES}
 * buckets between two flushes; a point beyond either is rejected. While the store is unavailable
 * flushed batches wait, oldest written first, up to {@link IngestSettings#maxPendingBatches()} of them
 * holding up to {@link IngestSettings#maxPendingBuckets()} series buckets together (a batch holds one
 * per live series, so the batch count alone does not bound their memory); beyond either the oldest are
 * dropped, but never the newest batch. A point older than {@link IngestSettings#maxPointAge()} or more
 * than {@link #MAX_POINT_LEAD} ahead of this process's clock is rejected. Rejections, drops and store errors are counted in
 * {@link Counters} and logged.
 *
 * <p>Thread-safe: {@link #record} may be called from any number of threads and never blocks on I/O.
 * After {@link #start()} one daemon thread ({@code hawkeye-flush}) cuts a batch every flush interval
 * and another ({@code hawkeye-store-write}) writes the pending batches: a write slower than the
 * interval delays no cut, so what waits for the store stays within the limits above rather than
 * piling up in the series' open buckets. {@link #flush()} and {@link #close()} cut and write on the
 * caller's thread.
 */
public final class Aggregator implements MetricSink, AutoCloseable {
    /** How many distinct buckets one series may fill between two flushes (a backfill of old timestamps). */
    public static final int MAX_BUCKETS_PER_SERIES = 3_600;
    /** How far ahead of this process's clock a point's timestamp may be (clocks of other hosts drift). */
    public static final Duration MAX_POINT_LEAD = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);

    private final IngestSettings settings;
    private final MetricStore store;
    // Counted for every point: held rather than looked up by name each time.
    private final LongAdder pointsAccepted;
    private final LongAdder pointsRejected;
    private final Clock clock;
    private final long resolutionMillis;
    private final long maxPointAgeMillis;
    private final String batchIdPrefix;
    private final AtomicLong batchSequence = new AtomicLong();

    /*
     * Concurrency: recorders find a series' cell in a ConcurrentHashMap (no lock for a series that
     * exists) and then lock only that cell (see SeriesCell). `liveSeries` counts the map's cells
     * exactly: it is incremented inside computeIfAbsent before a cell is added (and undone if the
     * limit is hit, in which case no mapping is made) and decremented after a retired cell is
     * removed, so racing recorders of new series cannot overshoot the limit.
     */
    private final ConcurrentHashMap<Series, SeriesCell> cells = new ConcurrentHashMap<>();
    private final AtomicInteger liveSeries = new AtomicInteger();

    // Cuts (scheduled, explicit, final) take this lock, so batches are cut one at a time and queued in order.
    private final Object flushLock = new Object();
    private final PendingBatches pending;
    private ScheduledExecutorService scheduler;
    private ExecutorService writer;
    // Set from when a write is queued on `writer` until it begins: the cuts during a slow write queue one write after it, not one each.
    private final AtomicBoolean writeQueued = new AtomicBoolean();
    private volatile boolean closed;
    private final InFlightRecords inFlight = new InFlightRecords();

    /**
     * An aggregator whose store outages are seen by no one else (in its logs and counters only).
     *
     * @throws IllegalArgumentException when a setting is not positive
     */
    public Aggregator(IngestSettings settings, MetricStore store, Counters counters, Clock clock) {
        this(settings, store, counters, clock, new StoreHealthTracker(clock));
    }

    /**
     * @param storeHealth where failed writes (as {@link StoreHealthTracker.Source#INGEST}) and the
     *                    first write after them are reported
     * @throws IllegalArgumentException when a setting is not positive
     */
    public Aggregator(IngestSettings settings, MetricStore store, Counters counters, Clock clock, StoreHealthTracker storeHealth) {
        this(settings, store, counters, clock, storeHealth, Ticker.SYSTEM);
    }

    /**
     * @param ticker measures the backoff between failed writes (the wall clock may step)
     * @throws IllegalArgumentException when a setting is not positive
     */
    public Aggregator(IngestSettings settings, MetricStore store, Counters counters, Clock clock, StoreHealthTracker storeHealth,
                      Ticker ticker) {
        if (settings.resolution().toMillis() <= 0 || settings.flushInterval().toMillis() <= 0
                || settings.maxPendingBatches() <= 0 || settings.maxPendingBuckets() <= 0 || settings.maxSeries() <= 0
                || settings.maxPointAge().toMillis() <= 0) {
            throw new IllegalArgumentException("ingest settings must all be positive (resolution and flush interval "
                    + "at least 1ms): " + settings);
        }
        this.settings = settings;
        this.store = store;
        this.pointsAccepted = counters.counter(Counters.POINTS_ACCEPTED);
        this.pointsRejected = counters.counter(Counters.POINTS_REJECTED);
        this.clock = clock;
        this.resolutionMillis = settings.resolution().toMillis();
        this.maxPointAgeMillis = settings.maxPointAge().toMillis();
        this.pending = new PendingBatches(store, counters, clock, ticker, settings.maxPendingBatches(), settings.maxPendingBuckets(),
                settings.flushInterval(), storeHealth);
        // Unique across restarts and across servers sharing a store, so a store never mistakes a batch for a retry.
        this.batchIdPrefix = Long.toHexString(new SecureRandom().nextLong() | Long.MIN_VALUE);
    }

    /**
     * Merges a point into its series' bucket.
     *
     * @throws InvalidPointException naming {@code type} when the series is live with another type,
     *                               naming {@code key} when the live-series limit is reached, naming
     *                               {@code timestamp} when the series has too many buckets unflushed or
     *                               the timestamp is older than {@link IngestSettings#maxPointAge()} or
     *                               more than {@link #MAX_POINT_LEAD} ahead
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public void record(Point point) {
        // Counted in flight before `closed` is read, so that close() waits for it or it sees closed (see InFlightRecords).
        int stripe = inFlight.begin();
        try {
            if (closed) {
                throw new IllegalStateException("the aggregator is closed");
            }
            add(point, clock.millis());
            pointsAccepted.increment();
        } finally {
            inFlight.end(stripe);
        }
    }

    /**
     * Merges points into their series' buckets as {@link #record} would, reading the clock, marking
     * the call in flight and counting the accepted points once for the whole list rather than per
     * point: the transport's fast path hands over the points of each {@code record} and
     * {@code recordBatch} this way.
     */
    @Override
    public void recordAll(List<Point> points, Refusals refusals) {
        int stripe = inFlight.begin();
        boolean closedBefore = closed;
        int accepted = 0;
        try {
            if (!closedBefore) {
                long now = clock.millis();
                for (int index = 0; index < points.size(); index++) {
                    try {
                        add(points.get(index), now);
                        accepted++;
                    } catch (RuntimeException e) {
                        refusals.refused(index, e);
                    }
                }
            }
        } finally {
            // Counted before the call leaves flight, so that counters read after close() include it.
            pointsAccepted.add(accepted);
            inFlight.end(stripe);
        }
        if (closedBefore) {
            // Out of flight: close() need not wait while the caller hears of every point.
            IllegalStateException reason = new IllegalStateException("the aggregator is closed");
            for (int index = 0; index < points.size(); index++) {
                refusals.refused(index, reason);
            }
        }
    }

    /**
     * Merges a point into its series' bucket; the caller counts it accepted.
     *
     * @param now this process's clock, against which the point's timestamp is checked
     */
    private void add(Point point, long now) {
        long timestamp = point.timestampMillis();
        checkTimestamp(point, timestamp, now);
        long bucketStart = timestamp - Math.floorMod(timestamp, resolutionMillis);
        try {
            while (true) {
                SeriesCell cell = cellFor(point);
                if (cell.type() != point.type()) {
                    if (cell.isRetired()) {
                        continue;
                    }
                    throw new InvalidPointException("type", "series " + point.series() + " is a " + cell.type().wireName()
                            + "; a " + point.type().wireName() + " point cannot be added");
                }
                if (cell.add(bucketStart, point.value(), timestamp)) {
                    break;
                }
                // The cell was retired by a flush between our lookup and our add: look again.
            }
        } catch (InvalidPointException e) {
            pointsRejected.increment();
            throw e;
        } catch (SeriesCell.TooManyBucketsException e) {
            pointsRejected.increment();
            throw new InvalidPointException("timestamp", "series " + point.series() + " already has points in "
                    + MAX_BUCKETS_PER_SERIES + " time buckets waiting for the next flush; retry later");
        }
    }

    /** Rejects a point the store would not keep (or that a clock far off, or seconds for milliseconds, made). */
    private void checkTimestamp(Point point, long timestamp, long now) {
        if (timestamp < now - maxPointAgeMillis) {
            pointsRejected.increment();
            throw new InvalidPointException("timestamp", "series " + point.series() + ": timestamp " + timestamp + " ("
                    + Instant.ofEpochMilli(timestamp) + ") is older than max_point_age "
                    + PluginConfig.formatDuration(settings.maxPointAge()) + "; timestamps are milliseconds since the epoch");
        }
        if (timestamp > now + MAX_POINT_LEAD.toMillis()) {
            pointsRejected.increment();
            throw new InvalidPointException("timestamp", "series " + point.series() + ": timestamp " + timestamp + " ("
                    + Instant.ofEpochMilli(timestamp) + ") is more than " + PluginConfig.formatDuration(MAX_POINT_LEAD)
                    + " in the future; timestamps are milliseconds since the epoch");
        }
    }

    private SeriesCell cellFor(Point point) {
        SeriesCell cell = cells.get(point.series());
        if (cell != null) {
            return cell;
        }
        return cells.computeIfAbsent(point.series(), series -> {
            if (liveSeries.incrementAndGet() > settings.maxSeries()) {
                liveSeries.decrementAndGet();
                throw new InvalidPointException("key", "cannot add series " + series + ": the limit of "
                        + settings.maxSeries() + " live series (max_series) is reached");
            }
            return new SeriesCell(series, point.type(), MAX_BUCKETS_PER_SERIES);
        });
    }

    /**
     * Starts flushing every {@link IngestSettings#flushInterval()} on a daemon thread.
     *
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        synchronized (flushLock) {
            if (closed || scheduler != null) {
                throw new IllegalStateException(closed ? "the aggregator is closed" : "the aggregator is already started");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(daemon("hawkeye-flush"));
            writer = Executors.newSingleThreadExecutor(daemon("hawkeye-store-write"));
            long interval = settings.flushInterval().toMillis();
            scheduler.scheduleWithFixedDelay(() -> {
                guarded(this::cut);
                queueWrite();
            }, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private void queueWrite() {
        if (writeQueued.compareAndSet(false, true)) {
            writer.execute(() -> {
                writeQueued.set(false);
                guarded(pending::writeIfDue);
            });
        }
    }

    /** What the schedule runs, here on the caller's thread: a cut, then a write unless a failed write's backoff runs. */
    void tick() {
        guarded(this::cut);
        guarded(pending::writeIfDue);
    }

    /**
     * Runs a step of the schedule: an {@link Error} ends the process, anything else is logged and the
     * schedule goes on (thrown out of a scheduled task it would cancel every later flush).
     */
    private static void guarded(Runnable step) {
        try {
            step.run();
        } catch (Error e) {
            // Points would still be answered as accepted and never written: end the process instead.
            LOG.error("the flush schedule stops: {}", e.toString());
            Fatal.handle(e);
        } catch (RuntimeException e) {
            LOG.error("flush failed unexpectedly; retrying at the next flush", e);
        }
    }

    /**
     * Flushes now, on the caller's thread: cuts what was recorded so far into a batch and writes
     * every pending batch in order, ignoring the retry backoff (after a scheduled write that is
     * running, if any). A store failure keeps the batches pending (it is counted and logged, not thrown).
     */
    public void flush() {
        cut();
        pending.writeNow();
    }

    /** How many flushed batches wait for the store. */
    public int pendingBatches() {
        return pending.size();
    }

    /** How many series buckets the flushed batches that wait for the store hold together. */
    public long pendingBuckets() {
        return pending.buckets();
    }

    /**
     * What waits for the store now, as {@code status} shows it beside the counters:
     * {@link Counters#BATCHES_PENDING} and {@link Counters#BUCKETS_PENDING}.
     */
    public Map<String, Long> pendingLevels() {
        return Map.of(Counters.BATCHES_PENDING, (long) pendingBatches(), Counters.BUCKETS_PENDING, pendingBuckets());
    }

    /** How many series are live: have had a point since the flush before last. */
    public int liveSeries() {
        return liveSeries.get();
    }

    /**
     * Stops the schedule and flushes one last time, with one attempt to write; what the store does
     * not take then is counted as dropped and logged. A {@link #record} that runs at the same time
     * either is in that last flush or is refused: it waits for the records in progress first.
     * Points recorded after this are refused; stop the transports first. Idempotent. Does not
     * close the store.
     */
    @Override
    public void close() {
        ScheduledExecutorService toStop;
        synchronized (flushLock) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = scheduler;
        }
        // Records that read `closed` before it was set finish before the last cut, so none is accepted and lost.
        inFlight.awaitNone();
        if (toStop != null) {
            // The cuts first: a last one may still queue a write.
            awaitStop(toStop, "flush");
            awaitStop(writer, "store write");
        }
        cut();
        if (!pending.writeNow()) {
            pending.abandon();
        }
    }

    private static void awaitStop(ExecutorService executor, String what) {
        executor.shutdown();
        try {
            // A running write is bounded by the store's own timeout.
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the {} thread did not stop within 30s; flushing anyway", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Moves everything recorded so far into a new pending batch; retires the series idle since the last cut. */
    private void cut() {
        synchronized (flushLock) {
            List<SeriesBucket> buckets = new ArrayList<>();
            for (Map.Entry<Series, SeriesCell> entry : cells.entrySet()) {
                if (entry.getValue().drainTo(buckets) && cells.remove(entry.getKey(), entry.getValue())) {
                    liveSeries.decrementAndGet();
                }
            }
            if (buckets.isEmpty()) {
                return;
            }
            String id = batchIdPrefix + "-" + batchSequence.incrementAndGet();
            pending.add(new FlushBatch(id, clock.millis(), resolutionMillis, buckets));
        }
    }
}
