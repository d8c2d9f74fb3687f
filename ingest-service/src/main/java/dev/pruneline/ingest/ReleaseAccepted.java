package dev.pruneline.ingest;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;

/**
 * The answer to an accepted release (HTTP 202): the bundle is stored and {@code model.released} is on the broker.
 *
 * @param releaseId id of the release, the same for the same model, version and bundle bytes
 * @param bundle    the stored bundle archive
 * @param dataset   the data set the release will be measured and fine-tuned on
 * @param statusUrl where the registry reports the release's progress
 */
public record ReleaseAccepted(
        String releaseId,
        String model,
        String version,
        ArtifactRef bundle,
        DatasetRef dataset,
        CompressionPolicy policy,
        String statusUrl) {}
