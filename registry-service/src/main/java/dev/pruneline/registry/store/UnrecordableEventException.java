package dev.pruneline.registry.store;

/**
 * An event the registry cannot store as it is: a field longer than the column that keeps it. Nothing of the event is
 * stored; retrying cannot mend it, so the consumer parks the record on {@code registry.dlq} and fails the release.
 */
public class UnrecordableEventException extends RuntimeException {
    public UnrecordableEventException(String message) {
        super(message);
    }
}
