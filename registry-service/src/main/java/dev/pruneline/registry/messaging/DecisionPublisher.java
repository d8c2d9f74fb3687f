package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.event.ReleaseDecision;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import dev.pruneline.registry.store.Candidate;
import dev.pruneline.registry.store.Decision;
import dev.pruneline.registry.store.Production;
import dev.pruneline.registry.store.ProductionChange;
import dev.pruneline.registry.store.ReleaseHistory;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes a stored decision on {@code model.promoted} or {@code model.rejected}, keyed by release id, and waits
 * for the broker's acknowledgement. The gate's event id depends only on the release, so a republished decision is
 * the same event; an operator's production change has an id of its own, stored with the change.
 */
@ApplicationScoped
public class DecisionPublisher {

    /** Stage name of the decision event in {@link EventIds#of(String, String)}. */
    public static final String STAGE = "decision";

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final EventCodec codec = new EventCodec();
    private final Emitter<Record<String, String>> promoted;
    private final Emitter<Record<String, String>> rejected;

    public DecisionPublisher(
            @Channel("promoted") Emitter<Record<String, String>> promoted,
            @Channel("rejected") Emitter<Record<String, String>> rejected) {
        this.promoted = promoted;
        this.rejected = rejected;
    }

    /** The decision event for a candidate. */
    public ReleaseDecision event(ModelRetrained candidate, Decision decision) {
        return new ReleaseDecision(
                PipelineEvent.SCHEMA_VERSION,
                EventIds.of(candidate.releaseId(), STAGE),
                candidate.releaseId(),
                candidate.model(),
                candidate.version(),
                decision.decidedAt(),
                decision.outcome(),
                decision.reason(),
                candidate.bundle(),
                candidate.baseline(),
                candidate.retrained(),
                decision.accuracyDropPp(),
                decision.tolerancePp(),
                candidate.artifactsOrBundle());
    }

    /**
     * The {@code model.promoted} event of an operator's production change: the release's candidate, stored metrics
     * and gate figures, with the operator's action and reason; the change's own random event id.
     */
    public ReleaseDecision event(Production production) {
        ReleaseHistory h = production.release();
        ProductionChange change = production.change();
        String how = change.action() == ProductionChange.Action.ROLLBACK
                ? "production rolled back to it by "
                : "promoted by ";
        return new ReleaseDecision(
                PipelineEvent.SCHEMA_VERSION,
                change.eventId(),
                change.releaseId(),
                change.model(),
                change.version(),
                change.changedAt(),
                Outcome.PROMOTED,
                how + change.actor() + ": " + change.reason(),
                h.candidates().get(Candidate.RETRAINED).bundle(),
                h.metrics().get("baseline"),
                h.metrics().get("retrained"),
                h.decision().accuracyDropPp(),
                h.decision().tolerancePp(),
                h.candidates().get(Candidate.RETRAINED).artifacts());
    }

    /** Publishes the decision and returns once the broker has it. */
    public void publish(ReleaseDecision decision) {
        Emitter<Record<String, String>> emitter = decision.outcome() == Outcome.PROMOTED ? promoted : rejected;
        try {
            emitter.send(Record.of(decision.releaseId(), codec.encode(decision)))
                    .toCompletableFuture()
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the decision on " + decision.releaseId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot publish the decision on release " + decision.releaseId() + " to "
                            + decision.outcome().topic() + ": " + e.getMessage(),
                    e);
        }
    }
}
