package dev.pruneline.pipeline.event;

import java.util.Objects;

/**
 * Where an artifact lives in the artifact store and what it must hash to.
 *
 * @param key       object key in the bucket
 * @param sha256    lowercase hex SHA-256 of the object's bytes; readers verify it
 * @param sizeBytes object size in bytes
 */
public record ArtifactRef(String key, String sha256, long sizeBytes) {
    public ArtifactRef {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got '" + sha256 + "'");
        }
    }
}
