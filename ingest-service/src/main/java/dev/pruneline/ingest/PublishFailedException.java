package dev.pruneline.ingest;

/**
 * Kafka did not acknowledge an event in time, or refused it. Maps to 503: the client may retry the upload. When the
 * event is {@linkplain #isKeptInOutbox() kept in the outbox}, the release is not lost either way: the outbox relay
 * publishes it once Kafka is back.
 */
public class PublishFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean keptInOutbox;

    public PublishFailedException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private PublishFailedException(String message, Throwable cause, boolean keptInOutbox) {
        super(message, cause);
        this.keptInOutbox = keptInOutbox;
    }

    /** The same failure, for a release whose event waits in the outbox. */
    PublishFailedException keptInOutbox(String releaseId) {
        return new PublishFailedException(
                getMessage() + "; release " + releaseId + " is kept and will be published when Kafka is back",
                getCause(),
                true);
    }

    /** Whether the event waits in the outbox for the relay. */
    boolean isKeptInOutbox() {
        return keptInOutbox;
    }
}
