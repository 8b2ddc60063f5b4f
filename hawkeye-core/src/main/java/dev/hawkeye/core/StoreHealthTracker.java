package dev.hawkeye.core;

import dev.hawkeye.api.transport.StoreHealth;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the store answers, as the parts that use it find out: the aggregator's batch writes
 * ({@link Source#INGEST}) and the alert engine's reads and state saves ({@link Source#ALERTS}).
 * Each source is in an outage from its first failure until its next success. The store is
 * {@linkplain #health() unavailable} while any source is: since the earliest of their outages
 * began, with the reason of the latest failure. A source that never reports (the agent part does
 * not run) counts as answering.
 *
 * <p>It only records; the reporters log the outage themselves. Thread-safe and lock-free; a
 * success while no outage is recorded costs one volatile read.
 */
public final class StoreHealthTracker {

    /** Who reports. */
    public enum Source {
        /** The aggregator writing flushed batches. */
        INGEST,
        /** The alert engine reading windows and loading and saving alert states. */
        ALERTS
    }

    /** One source's outage: when it began, when and why it last failed. */
    private record Outage(Instant since, Instant lastFailure, String reason) {
    }

    private final Clock clock;
    /** Fixed at construction; each value is null while its source answers. */
    private final Map<Source, AtomicReference<Outage>> outages = new EnumMap<>(Source.class);

    public StoreHealthTracker(Clock clock) {
        this.clock = clock;
        for (Source source : Source.values()) {
            outages.put(source, new AtomicReference<>());
        }
    }

    /**
     * Records that {@code source}'s use of the store failed now with {@code reason} (which must
     * hold no credentials, as a {@code StoreException}'s message does not).
     *
     * @return {@code true} when this failure began an outage of {@code source}
     */
    public boolean failed(Source source, String reason) {
        Instant now = clock.instant();
        String why = reason == null || reason.isBlank() ? "unknown failure" : reason;
        Outage before = outages.get(source).getAndUpdate(outage -> outage == null
                ? new Outage(now, now, why) : new Outage(outage.since(), now, why));
        return before == null;
    }

    /**
     * Records that {@code source}'s use of the store succeeded: its outage, if any, is over.
     *
     * @return {@code true} when this ended an outage of {@code source}
     */
    public boolean succeeded(Source source) {
        AtomicReference<Outage> outage = outages.get(source);
        return outage.get() != null && outage.getAndSet(null) != null;
    }

    /** The store's health now: unavailable while any source is in an outage. */
    public StoreHealth health() {
        Instant since = null;
        Outage latest = null;
        for (AtomicReference<Outage> reference : outages.values()) {
            Outage outage = reference.get();
            if (outage == null) {
                continue;
            }
            if (since == null || outage.since().isBefore(since)) {
                since = outage.since();
            }
            if (latest == null || outage.lastFailure().isAfter(latest.lastFailure())) {
                latest = outage;
            }
        }
        return latest == null ? StoreHealth.AVAILABLE : StoreHealth.unavailable(since, latest.reason());
    }
}
