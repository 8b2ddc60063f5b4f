package dev.hawkeye.core.alert;

import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.FencedException;
import java.util.Optional;

/** What the {@link AlertEngine} asks of the agent's lease before and after each evaluation. Thread-safe. */
public interface LeaseGuard {
    /** For an engine that is the only one on its store: always evaluates, nothing fenced. */
    LeaseGuard SOLE = new LeaseGuard() {
        @Override
        public Optional<Fence> fence() {
            return Optional.of(Fence.NONE);
        }

        @Override
        public void fenced(FencedException e) {
        }
    };

    /** The fence to save under now; empty when this agent must not evaluate (its lease ran out). */
    Optional<Fence> fence();

    /** A save was refused: another agent holds the lease now. */
    void fenced(FencedException e);
}
