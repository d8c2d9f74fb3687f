package dev.pruneline.registry.api;

import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.ModelMetrics;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/v1/models/{name}/versions/{version}}: everything known about one release.
 *
 * @param model     model name
 * @param version   model version
 * @param releaseId release id
 * @param status    RELEASED, PRUNED, RETRAINED, PROMOTED, REJECTED or FAILED
 * @param createdAt when the registry first heard of the release
 * @param updatedAt when it last changed
 * @param policy    the compression policy, or null
 * @param dataset   data set name, or null
 * @param stages    {@code released}, {@code pruned}, {@code retrained}, {@code decided}, in that order
 * @param metrics   {@code baseline}, {@code pruned}, {@code retrained}: those measured so far
 * @param decision  the decision, or null
 * @param failure   why the release failed, or null
 */
public record ReleaseView(
        String model,
        String version,
        String releaseId,
        String status,
        Instant createdAt,
        Instant updatedAt,
        CompressionPolicy policy,
        String dataset,
        Map<String, StageView> stages,
        Map<String, ModelMetrics> metrics,
        DecisionView decision,
        FailureView failure) {}
