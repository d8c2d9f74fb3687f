package dev.pruneline.registry.api;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/models/{name}/production}: the compressed model currently in production.
 *
 * @param model       model name
 * @param version     model version
 * @param releaseId   release id
 * @param promotedAt  when it became production (the gate's decision, or an operator's promote or roll back)
 * @param bundle      the promoted (pruned and fine-tuned) bundle
 * @param metrics     {@code baseline}, {@code pruned}, {@code retrained}
 * @param decision    the promotion gate's decision on this release
 * @param change      the production change that made it production
 * @param format      the format asked for ({@code pruneline} unless {@code ?format=} said otherwise)
 * @param artifact    the production model in that format
 * @param artifacts   the production model in every format it has
 * @param downloadUrl a presigned URL that downloads {@code artifact}, valid for
 *                    {@link ModelsResource#DOWNLOAD_VALIDITY}
 */
public record ProductionView(
        String model,
        String version,
        String releaseId,
        Instant promotedAt,
        ArtifactRef bundle,
        Map<String, ModelMetrics> metrics,
        DecisionView decision,
        ChangeView change,
        String format,
        ModelArtifact artifact,
        List<ModelArtifact> artifacts,
        String downloadUrl) {}
