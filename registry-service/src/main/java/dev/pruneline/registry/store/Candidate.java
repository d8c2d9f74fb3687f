package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.ModelArtifact;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A bundle a stage produced for a release.
 *
 * @param stage      {@code pruned} or {@code retrained}
 * @param bundle     the bundle archive
 * @param report     the stage's JSON report
 * @param engineMode how the engine ran, or null
 * @param createdAt  when the stage's event was recorded
 * @param artifacts  the stage's model by format, {@code pruneline} (the bundle) first
 */
public record Candidate(
        String stage,
        ArtifactRef bundle,
        ArtifactRef report,
        String engineMode,
        Instant createdAt,
        List<ModelArtifact> artifacts) {

    /** The stage that prunes. */
    public static final String PRUNED = "pruned";
    /** The stage that fine-tunes: its bundle is the candidate for promotion. */
    public static final String RETRAINED = "retrained";

    public Candidate {
        artifacts = ModelArtifact.listed(artifacts, bundle);
    }

    /** The stage's model in {@code format}, if it has one. */
    public Optional<ModelArtifact> artifact(String format) {
        return artifacts.stream().filter(a -> a.format().equals(format)).findFirst();
    }
}
