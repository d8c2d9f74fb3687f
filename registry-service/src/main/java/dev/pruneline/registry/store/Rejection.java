package dev.pruneline.registry.store;

/**
 * What recording a {@link RejectedRecord} did.
 *
 * @param first  false if the record had been handled before (a redelivery): nothing was done this time
 * @param failed the release the record failed, or null when it names no known release or the release was final
 */
public record Rejection(boolean first, Release failed) {}
