package dev.hawkeye.api.store;

import java.util.Objects;

/**
 * The proof that a write comes from the current holder of a lease: the lease's name and the
 * fencing token {@link Leases#tryHold} returned for it. A store refuses a fenced write once the
 * lease is held under another token (or by nobody), so a holder that paused past its lease can no
 * longer change what the new holder decides. Immutable.
 *
 * @param lease the lease's name, or empty for {@link #NONE}
 * @param token the token, positive; 0 for {@link #NONE}
 */
public record Fence(String lease, long token) {
    /** No lease: the writer is the only agent (a store without {@link Leases}); nothing is checked. */
    public static final Fence NONE = new Fence("", 0);

    public Fence {
        Objects.requireNonNull(lease, "lease");
        if (token < 0 || (token == 0) != lease.isEmpty()) {
            throw new IllegalArgumentException("a fence names a lease and a positive token, or neither: " + lease + "/" + token);
        }
    }

    /** Whether this fence is checked at all. */
    public boolean isChecked() {
        return token > 0;
    }
}
