package dev.pruneline.registry.store;

/** A promote or roll back the registry refuses, with the reason in words the caller can act on. */
public final class ProductionChangeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why it was refused. */
    public enum Kind {
        /** The model or version does not exist. */
        NOT_FOUND,
        /** It exists, but cannot be made production now. */
        CONFLICT
    }

    private final Kind kind;

    public ProductionChangeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
