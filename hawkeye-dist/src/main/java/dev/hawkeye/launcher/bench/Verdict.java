package dev.hawkeye.launcher.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Whether a run kept every point: a run that loses one, or whose count does not add up, failed. */
final class Verdict {
    private Verdict() {
    }

    /**
     * Why the run failed; empty when it did not.
     *
     * @param failure  what stopped the load early, or {@code null}
     * @param outcome  what the load knows once settled
     * @param accepted how much the server's {@code points.accepted} grew during the run
     * @param settleTimeout how long the load waited for the server to answer for everything
     */
    static List<String> problems(Throwable failure, Load.Outcome outcome, long accepted, Duration settleTimeout) {
        List<String> problems = new ArrayList<>();
        if (failure != null) {
            problems.add("the load stopped early: " + failure.getMessage());
        }
        if (!outcome.settled()) {
            problems.add("the server did not answer for every point within " + settleTimeout.toSeconds() + "s");
        }
        if (outcome.dropped() > 0) {
            problems.add(String.format(Locale.ROOT, "the client dropped %,d points", outcome.dropped()));
        }
        if (outcome.rejected() > 0 || outcome.errors() > 0) {
            problems.add(String.format(Locale.ROOT, "the server rejected %,d points and answered %,d errors (first: %s)",
                    outcome.rejected(), outcome.errors(), outcome.firstError()));
        }
        long expected = outcome.wirePoints() - outcome.rejected() - outcome.errors();
        if (accepted != expected) {
            problems.add(String.format(Locale.ROOT, "the server confirmed %,d points but %,d were sent (%s)", accepted, expected,
                    accepted < expected ? (expected - accepted) + " lost" : "another client is sending to this server"));
        }
        return problems;
    }
}
