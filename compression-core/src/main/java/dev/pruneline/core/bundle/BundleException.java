package dev.pruneline.core.bundle;

import dev.pruneline.core.CompressionException;

/** A bundle (folder, archive, model.json or weights file) is missing, malformed or inconsistent. */
public class BundleException extends CompressionException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
