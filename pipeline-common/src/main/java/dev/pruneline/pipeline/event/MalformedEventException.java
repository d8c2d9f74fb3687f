package dev.pruneline.pipeline.event;

/** An event that cannot be read: bad JSON, a missing field, or a schema version newer than this code. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
