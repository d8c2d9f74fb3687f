package dev.pruneline.registry.api;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.ModelArtifact;
import java.time.Instant;
import java.util.List;

/**
 * One stage of a release.
 *
 * @param status     {@code done}, {@code failed} or {@code pending}
 * @param at         when the stage's result was recorded, or null
 * @param bundle     the bundle the stage produced, or null
 * @param report     the stage's report, or null
 * @param engineMode how the engine ran, or null
 * @param artifacts  the stage's model by format ({@code pruneline}: the bundle, {@code onnx}: its model.onnx), or null
 */
public record StageView(
        String status,
        Instant at,
        ArtifactRef bundle,
        ArtifactRef report,
        String engineMode,
        List<ModelArtifact> artifacts) {

    static final String DONE = "done";
    static final String FAILED = "failed";
    static final String PENDING = "pending";
}
