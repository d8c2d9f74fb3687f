package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.ModelRetrained;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the registry keeps release history. Each {@code record*} method handles one event in one transaction and
 * writes its event id to the audit in that transaction, so an event delivered twice changes nothing the second
 * time. Events of a release may come in any order: the first one creates the release, and a release's status
 * only moves forward (see {@link ReleaseStatus}). A release id that claims a (model, version) another release
 * already owns is recorded as {@link ReleaseStatus#FAILED}.
 */
public interface RegistryStore {

    /**
     * Records a {@code model.released} event.
     *
     * <p>Every {@code record*} method for an event first checks that the event's fields fit the columns that keep
     * them, and throws {@link UnrecordableEventException} naming the field if one does not; nothing is stored then.
     *
     * @param payload the event as received, for the audit
     * @return false if the event had been recorded before
     */
    boolean recordReleased(ModelReleased event, String payload);

    /**
     * Records a {@code model.pruned} event: the pruned bundle and the baseline and pruned metrics.
     *
     * @return false if the event had been recorded before
     */
    boolean recordPruned(ModelPruned event, String payload);

    /**
     * Records a {@code model.retrained} event: the candidate, its metrics and, unless the release already has a
     * decision or has failed, {@code decision}.
     *
     * @return the decision the release now holds (made now or by an earlier delivery), or empty when the release
     *         failed and takes no decision
     */
    Optional<StoredDecision> recordRetrained(ModelRetrained event, String payload, Decision decision);

    /**
     * Records that the broker acknowledged the publication of a release's decision, so that a redelivered
     * {@code model.retrained} does not publish it again. Idempotent.
     */
    void markPublished(String releaseId);

    /**
     * Marks a release failed with a dead-letter record's reason, unless the release is already final.
     *
     * @return false if the record had been handled before
     */
    boolean recordDeadLetter(DeadLetter deadLetter);

    /**
     * Records a record the registry cannot record as an event (unreadable, too large, a field that does not fit): an
     * audit entry (under the release id it names, if that fits the column, whether or not the release is known), then {@code publish} (which parks it on {@code registry.dlq}) inside the transaction, so if it
     * throws nothing is stored; then, if the record names a known release that is not final (or is stalled), the
     * release fails at the record's stage with its reason.
     *
     * @return whether this was the first time, and the release it failed
     */
    Rejection recordRejected(RejectedRecord record, Consumer<RejectedRecord> publish);

    /**
     * The stage watchdog's pass: every release whose status is not final and that has not changed in the
     * {@code timeout} before {@code now} is marked failed at the stage it waits for, with a reason naming the
     * missing event and the timeout, and is kept <em>stalled</em> (see {@link ReleaseStatus}). Each release is
     * changed by one conditional update, so two registries running the watchdog at once never both fail it.
     *
     * @return the releases this call failed
     */
    List<Release> failStalled(Instant now, Duration timeout);

    /** Every model, by name. */
    List<ModelSummary> models();

    /** Every release of a model, oldest first; empty for an unknown model. */
    List<VersionSummary> versions(String model);

    /** The release that owns a model version. */
    Optional<ReleaseHistory> version(String model, String version);

    /** A model's production release: the newest production change's (the gate's, or an operator's). */
    Optional<Production> production(String model);

    /** Every production change of a model, newest first; empty for a model never in production. */
    List<ProductionChange> productionHistory(String model);

    /**
     * Makes a decided release (promoted or rejected by the gate; it has a fine-tuned candidate) the model's production
     * release, on an operator's word. {@code announce} runs inside the transaction once the change is written; if it
     * throws, nothing is stored.
     *
     * @param expectedVersion when not null, the change is made only if this version is production now (so that a
     *        client's retry cannot undo another operator's change)
     * @throws ProductionChangeException {@code NOT_FOUND} for an unknown model version; {@code CONFLICT} when the
     *         release has no decision yet (or failed before one), is production already, or production is not
     *         {@code expectedVersion}
     */
    Production promote(
            String model,
            String version,
            String actor,
            String reason,
            String expectedVersion,
            Consumer<Production> announce);

    /**
     * Returns production to the release that the newest change replaced (so a second roll back undoes the first).
     * {@code announce} and {@code expectedVersion} as for {@link #promote}.
     *
     * @throws ProductionChangeException {@code NOT_FOUND} for a model never in production; {@code CONFLICT} when no
     *         earlier release has served, or production is not {@code expectedVersion}
     */
    Production rollback(
            String model, String actor, String reason, String expectedVersion, Consumer<Production> announce);

    /**
     * Re-drives a failed release from the stage that failed (the prune or the retrain worker's): the release returns
     * to the status before that stage ({@code RELEASED} or {@code PRUNED}), its failure is cleared, an audit entry
     * names the operator and the reason, and {@code publish} gets the stage's input event (as first recorded) under a
     * new event id, inside the transaction: if it throws, nothing is stored. The new id makes a second failure a new
     * dead letter rather than a duplicate of the first.
     *
     * @throws RedriveException {@code NOT_FOUND} for an unknown model version; {@code CONFLICT} when the release has
     *         not failed, failed where nothing can run again (its version belongs to another release, say), or its
     *         input event cannot be read
     */
    ReleaseHistory redrive(String model, String version, String actor, String reason, Consumer<Redrive> publish);

    /** How many audit entries a release has (every event recorded for it). */
    int auditCount(String releaseId);
}
