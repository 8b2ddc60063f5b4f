package dev.hawkeye.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The named counters of what a hawkeye process dropped, rejected or failed, reported by
 * {@code status} so that nothing is lost silently. Names are dotted lower case
 * ({@code points.rejected}, {@code batches.dropped}). Thread-safe; incrementing is cheap.
 */
public final class Counters {
    public static final String POINTS_ACCEPTED = "points.accepted";
    public static final String POINTS_REJECTED = "points.rejected";
    public static final String BATCHES_WRITTEN = "batches.written";
    public static final String BATCHES_DROPPED = "batches.dropped";
    public static final String POINTS_DROPPED = "points.dropped";
    public static final String STORE_ERRORS = "store.errors";
    public static final String NOTIFICATIONS_SENT = "notifications.sent";
    public static final String NOTIFICATIONS_FAILED = "notifications.failed";
    public static final String NOTIFICATIONS_DROPPED = "notifications.dropped";
    /** Held back by a notifier's rate limit, and summarised in one later message per route. */
    public static final String NOTIFICATIONS_SUPPRESSED = "notifications.suppressed";
    /** Left undone by this process at shutdown: they stay in the outbox for the next lease holder. */
    public static final String NOTIFICATIONS_UNSENT = "notifications.unsent";
    /** Found in the outbox older than the dispatcher's maximum age, or naming a notifier that no longer exists. */
    public static final String NOTIFICATIONS_EXPIRED = "notifications.expired";
    /** Sent without a place in the full outbox: a crash before delivery loses them. */
    public static final String OUTBOX_OVERFLOW = "outbox.overflow";
    /** Saved states refused because this agent's lease had passed to another (a fenced write). */
    public static final String ALERT_SAVES_FENCED = "alerts.fenced";
    public static final String EVALUATIONS_FAILED = "evaluations.failed";
    /** Scheduled evaluations started, and the milliseconds they started after they were due, summed: their ratio is the mean lag. */
    public static final String EVALUATIONS_RUN = "evaluations.run";
    public static final String EVALUATIONS_LAG_MS = "evaluations.lag_ms";
    /** Evaluations whose value was not finite (an overflowed sum): the monitor kept its state. */
    public static final String EVALUATIONS_NOT_FINITE = "evaluations.not_finite";
    /** Groups of a grouped monitor that made no alert instance because it had max_groups of them. */
    public static final String GROUPS_DROPPED = "monitors.groups.dropped";
    /** Instances of grouped monitors forgotten after forget_after without data (nothing is sent for them). */
    public static final String INSTANCES_FORGOTTEN = "monitors.instances.forgotten";
    /** History events not kept: the store failed the append after the state was saved. */
    public static final String HISTORY_FAILED = "alerts.history.failed";
    /** Not counts but levels, shown beside the counters: flushed batches waiting for the store, and their buckets. */
    public static final String BATCHES_PENDING = "batches.pending";
    public static final String BUCKETS_PENDING = "buckets.pending";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String name) {
        add(name, 1);
    }

    public void add(String name, long amount) {
        counter(name).add(amount);
    }

    /**
     * The counter {@code name} itself, for a caller that counts on a hot path: adding to it skips
     * the lookup by name that {@link #add} makes.
     */
    public LongAdder counter(String name) {
        return counters.computeIfAbsent(name, ignored -> new LongAdder());
    }

    public long get(String name) {
        LongAdder counter = counters.get(name);
        return counter == null ? 0 : counter.sum();
    }

    /** Every counter's current value, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((name, counter) -> out.put(name, counter.sum()));
        return out;
    }
}
