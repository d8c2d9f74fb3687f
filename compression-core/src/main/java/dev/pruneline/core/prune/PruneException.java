package dev.pruneline.core.prune;

import dev.pruneline.core.CompressionException;

/** A pruning request cannot be carried out as asked (unknown criterion, bad sparsity, ...). */
public class PruneException extends CompressionException {
    private static final long serialVersionUID = 1L;

    public PruneException(String message) {
        super(message);
    }
}
