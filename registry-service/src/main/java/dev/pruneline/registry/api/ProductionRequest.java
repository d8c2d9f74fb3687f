package dev.pruneline.registry.api;

/**
 * Body of {@code POST .../production} (promote: {@code version} and {@code reason}) and of
 * {@code POST .../production/rollback} ({@code reason} only).
 *
 * @param version the version to promote
 * @param reason  why, kept in the production history and sent with {@code model.promoted}
 */
public record ProductionRequest(String version, String reason) {

    /** The longest reason accepted. */
    public static final int MAX_REASON = 1000;
}
