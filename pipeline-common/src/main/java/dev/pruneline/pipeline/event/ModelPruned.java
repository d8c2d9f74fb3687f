package dev.pruneline.pipeline.event;

import java.time.Instant;
import java.util.List;

/**
 * A release was pruned: topic {@link Topics#PRUNED}.
 *
 * @param bundle     the pruned bundle archive
 * @param report     the prune report (JSON)
 * @param baseline   metrics of the released model
 * @param pruned     metrics right after pruning, before fine-tuning
 * @param engineMode how the engine ran (e.g. whether oneDNN was on), so numbers can be compared
 * @param artifacts  the pruned model by format: the bundle ({@code pruneline}) and its ONNX export ({@code onnx});
 *                   absent in events written before the list existed (then the bundle is the only artifact)
 */
public record ModelPruned(
        int schemaVersion,
        String eventId,
        String releaseId,
        String model,
        String version,
        Instant occurredAt,
        ArtifactRef bundle,
        ArtifactRef report,
        DatasetRef dataset,
        CompressionPolicy policy,
        ModelMetrics baseline,
        ModelMetrics pruned,
        String engineMode,
        List<ModelArtifact> artifacts)
        implements PipelineEvent {

    /** The pruned model's artifacts by format; see {@link ModelArtifact#listed}. */
    public List<ModelArtifact> artifactsOrBundle() {
        return ModelArtifact.listed(artifacts, bundle);
    }
}
