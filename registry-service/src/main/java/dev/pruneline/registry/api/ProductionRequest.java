package dev.pruneline.registry.api;

/**
 * Body of {@code POST .../production} (promote: {@code version} and {@code reason}) and of
 * {@code POST .../production/rollback} ({@code reason}).
 *
 * @param version         the version to promote
 * @param reason          why, kept in the production history and sent with {@code model.promoted}
 * @param expectedVersion optional: change only if this version is production now (safe retries)
 */
public record ProductionRequest(String version, String reason, String expectedVersion) {

    /** The longest reason accepted. */
    public static final int MAX_REASON = 1000;
}
