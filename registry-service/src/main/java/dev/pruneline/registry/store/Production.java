package dev.pruneline.registry.store;

/**
 * A model's production release and the change that made it production.
 *
 * @param release the release's whole history
 * @param change  the newest production change of the model
 */
public record Production(ReleaseHistory release, ProductionChange change) {}
