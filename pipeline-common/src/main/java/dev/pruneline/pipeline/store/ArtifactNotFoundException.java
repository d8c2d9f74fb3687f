package dev.pruneline.pipeline.store;

/** The artifact store has no object under the asked key. */
public class ArtifactNotFoundException extends ArtifactStoreException {
    public ArtifactNotFoundException(String key) {
        super("artifact '" + key + "' does not exist in the artifact store");
    }
}
