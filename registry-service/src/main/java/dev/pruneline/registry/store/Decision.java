package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import java.time.Instant;
import java.util.Objects;

/**
 * The promotion gate's decision on a release, as stored.
 *
 * @param outcome        promoted or rejected
 * @param reason         why, in words a user can act on
 * @param accuracyDropPp baseline minus candidate accuracy, in percentage points
 * @param tolerancePp    the largest drop the gate accepted
 * @param decidedAt      when the decision was made
 */
public record Decision(Outcome outcome, String reason, double accuracyDropPp, double tolerancePp, Instant decidedAt) {
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
