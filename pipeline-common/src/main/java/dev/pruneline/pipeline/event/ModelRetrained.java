package dev.pruneline.pipeline.event;

import java.time.Instant;

/**
 * A pruned release was fine-tuned and evaluated: topic {@link Topics#RETRAINED}.
 *
 * @param bundle    the fine-tuned bundle archive: the candidate for promotion
 * @param report    the fine-tune report (JSON)
 * @param retrained metrics after fine-tuning, on the test split
 * @param epochsRun fine-tuning epochs actually run (early stop may end sooner)
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
        String engineMode)
        implements PipelineEvent {}
