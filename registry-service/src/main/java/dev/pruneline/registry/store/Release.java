package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import java.time.Instant;

/**
 * One release of a model version as the registry knows it. Events of a release may arrive in any order, so the
 * fields of the {@code model.released} event are null until it has been seen.
 *
 * @param releaseId  the release id
 * @param model      model name
 * @param version    model version
 * @param status     where the release stands
 * @param policy     the compression policy, or null if no event carrying it was readable
 * @param dataset    data set name, or null before {@code model.released}
 * @param bundle     the released bundle, or null before {@code model.released}
 * @param releasedAt when {@code model.released} was recorded, or null
 * @param createdAt  when the first event of the release was recorded
 * @param updatedAt  when the release last changed
 * @param failure    why the release failed, or null
 */
public record Release(
        String releaseId,
        String model,
        String version,
        ReleaseStatus status,
        CompressionPolicy policy,
        String dataset,
        ArtifactRef bundle,
        Instant releasedAt,
        Instant createdAt,
        Instant updatedAt,
        Failure failure) {}
