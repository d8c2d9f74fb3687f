package dev.pruneline.registry.api;

import java.time.Instant;

/**
 * One change of a model's production release.
 *
 * @param version   the version that became production
 * @param releaseId its release
 * @param action    {@code GATE} (the promotion gate), {@code PROMOTE} or {@code ROLLBACK} (an operator)
 * @param actor     {@code promotion gate} or the operator's user name
 * @param reason    why
 * @param changedAt when
 */
public record ChangeView(
        String version, String releaseId, String action, String actor, String reason, Instant changedAt) {}
