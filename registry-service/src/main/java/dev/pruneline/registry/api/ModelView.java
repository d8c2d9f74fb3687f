package dev.pruneline.registry.api;

/**
 * A model in {@code GET /api/v1/models}.
 *
 * @param model             model name
 * @param latestVersion     the version released most recently
 * @param productionVersion the production version (the newest production change's), or null
 * @param versions          how many versions were released
 */
public record ModelView(String model, String latestVersion, String productionVersion, int versions) {}
