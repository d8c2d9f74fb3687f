package dev.pruneline.registry.store;

/** The registry's database failed; transient as far as callers can tell, so event handlers retry it. */
public class RegistryStoreException extends RuntimeException {
    public RegistryStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
