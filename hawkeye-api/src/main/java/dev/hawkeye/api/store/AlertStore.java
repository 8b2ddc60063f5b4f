package dev.hawkeye.api.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert states of the monitors and the outbox of notifications not yet delivered, so that a
 * restarted or new agent neither repeats nor loses a notification.
 *
 * <p>What an implementation must guarantee:
 * <ul>
 *   <li>{@link #save} is one atomic step: the fence is checked, the state replaced and the outbox
 *       entries added together, or nothing happens;</li>
 *   <li>the outbox keeps entries in the order they were saved, keyed by id (saving an id already
 *       there changes nothing), up to a bound of its own; an entry stays until {@linkplain #remove removed};</li>
 *   <li>what it keeps lives as long as the store's data does (a store that may evict keys must
 *       not evict these).</li>
 * </ul>
 * Thread-safe. Every method may throw {@link StoreException} when the store cannot be reached.
 */
public interface AlertStore {

    /** The most events {@link #history} keeps of one monitor or instance. */
    int HISTORY_LIMIT = 100;

    /** Every saved alert state by monitor name. */
    Map<String, AlertState> loadStates();

    /** The saved alert state of a monitor, if any. */
    Optional<AlertState> loadState(String monitor);

    /**
     * In one atomic step: checks {@code fence}, replaces the state of {@code state.monitor()}, and
     * appends {@code entries} to the outbox (those whose id is not there yet, while the outbox has
     * room).
     *
     * @return how many of {@code entries} did not fit into the outbox (the caller counts them)
     * @throws FencedException when {@code fence} is checked and no longer current; nothing was written
     */
    int save(AlertState state, List<OutboxEntry> entries, Fence fence);

    /** At most {@code limit} entries of the outbox, oldest first. */
    List<OutboxEntry> outbox(int limit);

    /**
     * Removes entries from the outbox (delivered, or given up and counted), in one round trip where
     * the store has them; an id that is not there is ignored. The dispatcher removes what it is done
     * with in batches, so an agent that dies between a delivery and its removal leaves an entry the
     * next holder sends again (see the guarantees in the agent's docs).
     */
    void remove(List<String> ids);

    /**
     * Removes the saved state of {@code monitor} (an instance of a grouped monitor whose series
     * stopped reporting), after checking {@code fence}, in one atomic step; a monitor without a
     * saved state is ignored. The default keeps the state (a restarted agent then brings the
     * instance back, to be forgotten again).
     *
     * @throws FencedException when {@code fence} is checked and no longer current; nothing was removed
     */
    default void forget(String monitor, Fence fence) {
    }

    /**
     * Appends {@code events} (oldest first) to the history of {@code monitor} (a monitor or an
     * instance's name), keeping its last {@link #HISTORY_LIMIT}, where every agent reads them. The
     * history is a record for people, not part of a save's atomic step: an agent that dies between
     * a save and this append leaves the change out of it. The default keeps none.
     */
    default void appendHistory(String monitor, List<HistoryEvent> events) {
    }

    /** At most {@code limit} of the last events of {@code monitor}, newest first. */
    default List<HistoryEvent> history(String monitor, int limit) {
        return List.of();
    }
}
