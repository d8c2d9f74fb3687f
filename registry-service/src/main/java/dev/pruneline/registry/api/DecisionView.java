package dev.pruneline.registry.api;

import java.time.Instant;

/**
 * The promotion gate's decision.
 *
 * @param outcome        PROMOTED or REJECTED
 * @param reason         why
 * @param accuracyDropPp baseline minus candidate accuracy, percentage points; null if not a number
 * @param tolerancePp    the largest drop accepted
 * @param decidedAt      when
 */
public record DecisionView(
        String outcome, String reason, Double accuracyDropPp, double tolerancePp, Instant decidedAt) {}
