package dev.pruneline.registry.store;

/**
 * A failed release sent through the stage that failed once more: the stage's input event, republished under an
 * event id of its own (so that a second failure is a new dead letter, not a duplicate of the first).
 *
 * @param releaseId the release
 * @param model     its model
 * @param version   its version
 * @param stage     the stage that failed and runs again: {@code pruned} or {@code retrained}
 * @param topic     where the input event goes: {@code model.released} or {@code model.pruned}
 * @param eventId   the republished event's id
 * @param payload   the republished event
 */
public record Redrive(
        String releaseId, String model, String version, String stage, String topic, String eventId, String payload) {}
