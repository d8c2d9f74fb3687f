package dev.pruneline.registry.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/models/{name}/versions/{version}/retry}.
 *
 * @param reason why the release is run again (e.g. "S3 was down"), kept in the registry's audit
 */
public record RetryRequest(
        @NotBlank(message = "give a reason: it is kept in the release's audit")
        @Size(max = ProductionRequest.MAX_REASON, message = "the reason may be at most {max} characters long")
        String reason) {}
