package dev.pruneline.ingest;

/** A model version was already released with other content (bundle, policy or data set). Maps to 409. */
public class VersionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VersionConflictException(String model, String version, String releaseId) {
        super("version " + version + " of model " + model + " was already released (release " + releaseId
                + ") with a different bundle, policy or data set; release the change as a new version");
    }
}
