package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.registry.gate.PromotionGate;
import dev.pruneline.registry.gate.Verdict;
import dev.pruneline.registry.store.Decision;
import dev.pruneline.registry.store.RegistryStore;
import dev.pruneline.registry.store.StoredDecision;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code model.retrained} -> the promotion decision. The candidate, its metrics and the gate's decision are stored in
 * one transaction; then the decision is published, the broker's acknowledgement awaited and recorded, and only then
 * the record acknowledged. A redelivered event finds the stored decision and publishes it again (same event id) only
 * if its publication was never acknowledged, so a crash between the commit and the publish loses nothing and a
 * duplicate event publishes nothing. A failed release (e.g. a duplicate version) takes no decision.
 */
@ApplicationScoped
public class RetrainedConsumer {

    private static final Logger LOG = Logger.getLogger(RetrainedConsumer.class);

    private final PromotionGate gate = new PromotionGate();
    private final RegistryStore store;
    private final DecisionPublisher publisher;
    private final RegistryMetrics metrics;
    private final EventReader events;

    /** Tells the console's live pages what was recorded. */
    @Inject
    Event<RegistryChanged> changes;

    public RetrainedConsumer(
            RegistryStore store, DecisionPublisher publisher, RegistryMetrics metrics, EventReader events) {
        this.store = store;
        this.publisher = publisher;
        this.metrics = metrics;
        this.events = events;
    }

    @Incoming("retrained")
    @Blocking
    @Retry(maxRetries = 3, delay = 500)
    @ExponentialBackoff(maxDelay = 10_000)
    public void onRetrained(ConsumerRecord<String, String> record) {
        events.handle(record, ModelRetrained.class, candidate -> decide(candidate, record.value()));
    }

    private void decide(ModelRetrained candidate, String payload) {
        Verdict verdict = gate.decide(
                candidate.baseline(),
                candidate.retrained(),
                candidate.policy().tolerancePp(),
                candidate.dataset() == null ? null : candidate.dataset().name());
        Decision proposed = new Decision(
                verdict.outcome(), verdict.reason(), verdict.accuracyDropPp(), verdict.tolerancePp(), Instant.now());
        Optional<StoredDecision> stored = store.recordRetrained(candidate, payload, proposed);
        if (stored.isEmpty()) {
            changes.fire(RegistryChanged.of(candidate, Topics.RETRAINED));
            LOG.warnf(
                    "release %s (%s %s) has failed: no decision taken",
                    candidate.releaseId(), candidate.model(), candidate.version());
            return;
        }
        Decision decision = stored.get().decision();
        if (stored.get().newlyMade()) {
            changes.fire(RegistryChanged.of(candidate, Topics.RETRAINED));
            metrics.decided(candidate.model(), decision.outcome(), decision.accuracyDropPp());
            LOG.infof(
                    "%s %s (release %s): %s, %s",
                    candidate.model(),
                    candidate.version(),
                    candidate.releaseId(),
                    decision.outcome(),
                    decision.reason());
        }
        if (!stored.get().published()) {
            publisher.publish(publisher.event(candidate, decision));
            store.markPublished(candidate.releaseId());
        }
    }
}
