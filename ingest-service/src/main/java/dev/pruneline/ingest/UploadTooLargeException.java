package dev.pruneline.ingest;

/** The request body is larger than the configured limit for its kind of upload. Maps to 413. */
public class UploadTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UploadTooLargeException(String what, long limitBytes) {
        super(what + " is larger than the limit of " + limitBytes + " bytes");
    }
}
