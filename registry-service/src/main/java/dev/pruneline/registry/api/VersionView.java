package dev.pruneline.registry.api;

import java.time.Instant;

/**
 * A release in {@code GET /api/v1/models/{name}/versions}.
 *
 * @param version   model version
 * @param releaseId release id
 * @param status    RELEASED, PRUNED, RETRAINED, PROMOTED, REJECTED or FAILED
 * @param createdAt when the registry first heard of the release
 * @param decision  PROMOTED or REJECTED once decided, else null
 */
public record VersionView(String version, String releaseId, String status, Instant createdAt, String decision) {}
