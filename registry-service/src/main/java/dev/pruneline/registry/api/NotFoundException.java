package dev.pruneline.registry.api;

/** A model or version the registry does not know; answered with 404 and the message. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
