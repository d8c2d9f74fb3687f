package dev.pruneline.pipeline.store;

/** The artifact store failed: unreachable, refused, or returned something unexpected. */
public class ArtifactStoreException extends RuntimeException {
    public ArtifactStoreException(String message) {
        super(message);
    }

    public ArtifactStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
