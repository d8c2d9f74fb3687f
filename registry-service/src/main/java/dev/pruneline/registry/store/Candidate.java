package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.ArtifactRef;
import java.time.Instant;

/**
 * A bundle a stage produced for a release.
 *
 * @param stage      {@code pruned} or {@code retrained}
 * @param bundle     the bundle archive
 * @param report     the stage's JSON report
 * @param engineMode how the engine ran, or null
 * @param createdAt  when the stage's event was recorded
 */
public record Candidate(String stage, ArtifactRef bundle, ArtifactRef report, String engineMode, Instant createdAt) {

    /** The stage that prunes. */
    public static final String PRUNED = "pruned";
    /** The stage that fine-tunes: its bundle is the candidate for promotion. */
    public static final String RETRAINED = "retrained";
}
