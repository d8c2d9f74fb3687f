package dev.pruneline.pipeline.event;

import java.time.Instant;

/**
 * A release was pruned: topic {@link Topics#PRUNED}.
 *
 * @param bundle     the pruned bundle archive
 * @param report     the prune report (JSON)
 * @param baseline   metrics of the released model
 * @param pruned     metrics right after pruning, before fine-tuning
 * @param engineMode how the engine ran (e.g. whether oneDNN was on), so numbers can be compared
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
        String engineMode)
        implements PipelineEvent {}
