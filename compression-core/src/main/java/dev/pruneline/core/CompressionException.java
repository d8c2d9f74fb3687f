package dev.pruneline.core;

/**
 * Base of every error compression-core raises on purpose. The message is meant for the person
 * who supplied the input: it names the file, layer or tensor at fault and, where possible, what
 * to do about it. Services map this type once (HTTP 400/422, DLQ reason); the CLI exits with 2.
 */
public class CompressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CompressionException(String message) {
        super(message);
    }

    public CompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
