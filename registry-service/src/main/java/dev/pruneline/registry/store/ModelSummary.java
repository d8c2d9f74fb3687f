package dev.pruneline.registry.store;

/**
 * A model name and its versions at a glance.
 *
 * @param model             model name
 * @param latestVersion     the version released most recently
 * @param productionVersion the version most recently promoted, or null if none was
 * @param versions          how many versions were released
 */
public record ModelSummary(String model, String latestVersion, String productionVersion, int versions) {
}
