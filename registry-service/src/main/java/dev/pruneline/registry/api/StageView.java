package dev.pruneline.registry.api;

import dev.pruneline.pipeline.event.ArtifactRef;
import java.time.Instant;

/**
 * One stage of a release.
 *
 * @param status     {@code done}, {@code failed} or {@code pending}
 * @param at         when the stage's result was recorded, or null
 * @param bundle     the bundle the stage produced, or null
 * @param report     the stage's report, or null
 * @param engineMode how the engine ran, or null
 */
public record StageView(String status, Instant at, ArtifactRef bundle, ArtifactRef report, String engineMode) {

    static final String DONE = "done";
    static final String FAILED = "failed";
    static final String PENDING = "pending";
}
