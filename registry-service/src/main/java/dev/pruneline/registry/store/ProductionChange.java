package dev.pruneline.registry.store;

import java.time.Instant;

/**
 * One change of a model's production release.
 *
 * @param id        increasing with time; the newest change of a model names its production release
 * @param releaseId the release that became production
 * @param version   its version
 * @param action    what made the change
 * @param actor     who: {@value #GATE_ACTOR}, or the authenticated operator
 * @param reason    why, as given
 * @param eventId   the id of the {@code model.promoted} event announcing an operator's change (random, unique);
 *                  null for the gate's changes, which the gate's decision event announces
 */
public record ProductionChange(
        long id,
        String model,
        String releaseId,
        String version,
        Action action,
        String actor,
        String reason,
        Instant changedAt,
        String eventId) {

    /** The actor of the promotion gate's changes. */
    public static final String GATE_ACTOR = "promotion gate";

    /** What made a release production. */
    public enum Action {
        /** The promotion gate accepted the release's candidate. */
        GATE,
        /** An operator promoted a decided release (promoted or rejected by the gate). */
        PROMOTE,
        /** An operator returned production to the release the last change replaced. */
        ROLLBACK
    }
}
