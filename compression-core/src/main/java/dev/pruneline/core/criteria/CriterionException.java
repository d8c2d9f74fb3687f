package dev.pruneline.core.criteria;

import dev.pruneline.core.CompressionException;

/** A criterion cannot score as asked (unknown name, bad parameter, missing data). */
public class CriterionException extends CompressionException {
    private static final long serialVersionUID = 1L;

    public CriterionException(String message) {
        super(message);
    }
}
