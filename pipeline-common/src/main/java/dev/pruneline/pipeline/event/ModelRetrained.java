package dev.pruneline.pipeline.event;

import java.time.Instant;
import java.util.List;

/**
 * A pruned release was fine-tuned and evaluated: topic {@link Topics#RETRAINED}.
 *
 * @param bundle    the fine-tuned bundle archive: the candidate for promotion
 * @param report    the fine-tune report (JSON)
 * @param retrained metrics after fine-tuning, on the test split
 * @param epochsRun fine-tuning epochs actually run (early stop may end sooner)
 * @param artifacts the candidate by format: the bundle ({@code pruneline}) and its ONNX export ({@code onnx}); absent
 *                  in events written before the list existed (then the bundle is the only artifact)
 * @param dataset   the data set whose test split every accuracy of the event was measured on; absent in events
 *                  written before it was carried
 */
public record ModelRetrained(
        int schemaVersion,
        String eventId,
        String releaseId,
        String model,
        String version,
        Instant occurredAt,
        ArtifactRef bundle,
        ArtifactRef report,
        CompressionPolicy policy,
        ModelMetrics baseline,
        ModelMetrics pruned,
        ModelMetrics retrained,
        int epochsRun,
        String engineMode,
        List<ModelArtifact> artifacts,
        DatasetRef dataset)
        implements PipelineEvent {

    /** The candidate's artifacts by format; see {@link ModelArtifact#listed}. */
    public List<ModelArtifact> artifactsOrBundle() {
        return ModelArtifact.listed(artifacts, bundle);
    }
}
