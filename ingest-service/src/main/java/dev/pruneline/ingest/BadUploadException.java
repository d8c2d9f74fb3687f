package dev.pruneline.ingest;

/** The request itself is unusable: not a zip, an escaping entry, a bad name or policy value. Maps to 400. */
public class BadUploadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadUploadException(String message) {
        super(message);
    }

    public BadUploadException(String message, Throwable cause) {
        super(message, cause);
    }
}
