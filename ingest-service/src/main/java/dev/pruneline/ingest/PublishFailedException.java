package dev.pruneline.ingest;

/** Kafka did not acknowledge an event in time, or refused it. Maps to 503: the client may retry the upload. */
public class PublishFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
