package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import java.time.Instant;

/**
 * One release of a model, for listing.
 *
 * @param version   model version
 * @param releaseId release id
 * @param status    where the release stands
 * @param createdAt when the registry first heard of it
 * @param outcome   the decision's outcome, or null before a decision
 */
public record VersionSummary(
        String version, String releaseId, ReleaseStatus status, Instant createdAt, Outcome outcome) {}
