package dev.pruneline.registry.api;

/**
 * Why a release failed.
 *
 * @param stage  the stage that failed ({@code released}, {@code pruned}, {@code retrained}, {@code decided})
 * @param reason the failing service's reason
 */
public record FailureView(String stage, String reason) {}
