package dev.pruneline.registry.store;

/** A re-drive the registry refuses, with the reason in words the caller can act on. */
public final class RedriveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why it was refused. */
    public enum Kind {
        /** The model or version does not exist. */
        NOT_FOUND,
        /** It exists, but cannot be re-driven. */
        CONFLICT
    }

    private final Kind kind;

    public RedriveException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
