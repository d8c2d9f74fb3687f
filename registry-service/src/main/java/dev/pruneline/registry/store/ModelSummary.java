package dev.pruneline.registry.store;

/**
 * A model name and its versions at a glance.
 *
 * @param model             model name
 * @param latestVersion     the version released most recently
 * @param productionVersion the production version (the newest production change's), or null if none was
 * @param versions          how many versions were released
 */
public record ModelSummary(String model, String latestVersion, String productionVersion, int versions) {}
