package dev.pruneline.registry.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;

/**
 * Body of {@code POST .../production} (promote: {@code version} and {@code reason}) and of
 * {@code POST .../production/rollback} ({@code reason}). Validated by Bean Validation; a violation is a 400 naming
 * what to give.
 *
 * @param version         the version to promote
 * @param reason          why, kept in the production history and sent with {@code model.promoted}
 * @param expectedVersion optional: change only if this version is production now (safe retries)
 */
public record ProductionRequest(
        @NotBlank(groups = Promotion.class, message = "give the version to promote (\"version\" in the JSON body)")
        String version,

        @NotBlank(message = REASON_MISSING)
        @Size(max = MAX_REASON, message = "the reason may be at most {max} characters long")
        String reason,

        String expectedVersion) {

    /** The longest reason accepted. */
    public static final int MAX_REASON = 1000;

    /** What a request without a reason is told. */
    static final String REASON_MISSING = "give a reason: it is kept in the production history";

    /** The constraints of a promotion: the default ones and a version. */
    public interface Promotion extends Default {}
}
