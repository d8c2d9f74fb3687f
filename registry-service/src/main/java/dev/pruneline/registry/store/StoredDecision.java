package dev.pruneline.registry.store;

/**
 * The decision a release holds after a {@code model.retrained} event was recorded.
 *
 * @param decision the decision: the one just made, or the one stored by an earlier delivery
 * @param newlyMade true if this call stored it; false if it was already there (a redelivered event)
 * @param published true if its publication was acknowledged by the broker ({@link RegistryStore#markPublished})
 */
public record StoredDecision(Decision decision, boolean newlyMade, boolean published) {}
