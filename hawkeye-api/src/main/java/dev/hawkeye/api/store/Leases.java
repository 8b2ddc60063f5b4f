package dev.hawkeye.api.store;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Leases in a store that several processes share, so that one of them at a time does a job
 * (hawkeye's agents use the lease {@code agent}: the holder evaluates the monitors and notifies, the
 * others stand by). A store that lives in one process has none: its single agent always holds.
 *
 * <p>What an implementation must guarantee:
 * <ul>
 *   <li>at most one owner holds a lease at any instant of the store's own clock;</li>
 *   <li>each time an owner <em>takes</em> a lease (it was free or expired) the store hands out a
 *       fencing token greater than every token it handed out before for that lease, and it
 *       survives the store's restarts as the data does; a renewal keeps the token;</li>
 *   <li>{@link AlertStore#save} with a {@link Fence} checks the token in the same atomic step as
 *       the write.</li>
 * </ul>
 * Thread-safe. Every method may throw {@link StoreException} when the store cannot be reached
 * (who holds the lease is then unknown).
 */
public interface Leases {

    /**
     * Takes or renews {@code name} for {@code owner} for {@code ttl} from now.
     *
     * @return the fencing token while {@code owner} holds the lease (the same one across renewals,
     *         a greater one when it had to be taken again); empty while another owner holds it
     */
    OptionalLong tryHold(String name, String owner, Duration ttl);

    /** Hands the lease back when {@code owner} holds it, so that another may take it at once; else nothing. */
    void release(String name, String owner);
}
