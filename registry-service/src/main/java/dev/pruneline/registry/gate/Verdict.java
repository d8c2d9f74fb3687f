package dev.pruneline.registry.gate;

import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import java.util.Objects;

/**
 * What the gate decided about one candidate.
 *
 * @param outcome        promoted or rejected
 * @param reason         why, in words a user can act on
 * @param accuracyDropPp baseline minus candidate accuracy in percentage points (negative: the candidate is
 *                       better); NaN if an accuracy was not a number
 * @param tolerancePp    the largest drop accepted
 */
public record Verdict(Outcome outcome, String reason, double accuracyDropPp, double tolerancePp) {
    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the candidate was promoted. */
    public boolean promoted() {
        return outcome == Outcome.PROMOTED;
    }
}
