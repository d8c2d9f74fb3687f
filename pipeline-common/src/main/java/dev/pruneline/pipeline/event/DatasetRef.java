package dev.pruneline.pipeline.event;

import java.util.Objects;

/**
 * A data set stored as one archive of IDX files.
 *
 * @param name    data set name, as in the bundle's {@code model.json}
 * @param archive the stored archive
 */
public record DatasetRef(String name, ArtifactRef archive) {
    public DatasetRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(archive, "archive");
    }
}
