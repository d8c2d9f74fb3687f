package dev.pruneline.registry.store;

import java.util.Objects;

/**
 * Why a release failed.
 *
 * @param stage  the stage that failed: {@code released}, {@code pruned}, {@code retrained} or {@code decided}
 * @param reason what went wrong, as reported by the failing service
 */
public record Failure(String stage, String reason) {
    public Failure {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
    }
}
