package dev.pruneline.registry.api;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.ModelMetrics;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/v1/models/{name}/production}: the compressed model currently promoted.
 *
 * @param model       model name
 * @param version     model version
 * @param releaseId   release id
 * @param promotedAt  when it was promoted
 * @param bundle      the promoted (pruned and fine-tuned) bundle
 * @param metrics     {@code baseline}, {@code pruned}, {@code retrained}
 * @param decision    the decision that promoted it
 * @param downloadUrl a presigned URL that downloads the bundle, valid for {@link ModelsResource#DOWNLOAD_VALIDITY}
 */
public record ProductionView(String model, String version, String releaseId, Instant promotedAt, ArtifactRef bundle,
                             Map<String, ModelMetrics> metrics, DecisionView decision, String downloadUrl) {
}
