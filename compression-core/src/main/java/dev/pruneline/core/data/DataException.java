package dev.pruneline.core.data;

import dev.pruneline.core.CompressionException;

/** A data folder or IDX file is missing, malformed or inconsistent. */
public class DataException extends CompressionException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
