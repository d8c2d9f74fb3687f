package dev.pruneline.pipeline.event;

import java.time.Instant;

/**
 * A new model version was uploaded and validated: topic {@link Topics#RELEASED}.
 *
 * @param bundle  the uploaded bundle archive
 * @param dataset the data set to measure and fine-tune on
 * @param policy  how to compress and judge it
 */
public record ModelReleased(
        int schemaVersion,
        String eventId,
        String releaseId,
        String model,
        String version,
        Instant occurredAt,
        ArtifactRef bundle,
        DatasetRef dataset,
        CompressionPolicy policy)
        implements PipelineEvent {}
