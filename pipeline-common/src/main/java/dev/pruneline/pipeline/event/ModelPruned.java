package dev.pruneline.pipeline.event;

import java.time.Instant;
import java.util.List;

/**
 * A release was pruned: topic {@link Topics#PRUNED}.
 *
 * @param bundle     the pruned bundle archive
 * @param report     the prune report (JSON)
 * @param baseline   metrics of the released model, measured on the data set's test split as the candidates are
 * @param pruned     metrics right after pruning, before fine-tuning
 * @param engineMode how the engine ran (e.g. whether oneDNN was on), so numbers can be compared
 * @param artifacts  the pruned model by format: the bundle ({@code pruneline}) and its ONNX export ({@code onnx});
 *                   absent in events written before the list existed (then the bundle is the only artifact)
 * @param claimedAccuracy the accuracy the released model.json states, shown beside the measured baseline and never
 *                   used by the gate; null when it states none
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
        List<ModelArtifact> artifacts,
        Double claimedAccuracy)
        implements PipelineEvent {

    /** The pruned model's artifacts by format; see {@link ModelArtifact#listed}. */
    public List<ModelArtifact> artifactsOrBundle() {
        return ModelArtifact.listed(artifacts, bundle);
    }
}
