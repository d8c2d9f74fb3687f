package dev.pruneline.pipeline.store;

/** A stored artifact's bytes do not match the SHA-256 or size its reference names. */
public class ArtifactIntegrityException extends ArtifactStoreException {
    public ArtifactIntegrityException(String message) {
        super(message);
    }
}
