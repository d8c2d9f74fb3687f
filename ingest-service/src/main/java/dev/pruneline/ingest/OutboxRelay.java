package dev.pruneline.ingest;

import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.store.ArtifactStoreException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Publishes what {@link ReleaseOutbox} still holds: every {@code pruneline.ingest.outbox-interval} (15 s), the first
 * run right after start, each event older than {@code pruneline.ingest.publish-timeout} is published and, once Kafka
 * has acknowledged it, removed. Younger events belong to an upload that may still be waiting for its own
 * acknowledgement and are left to it.
 *
 * <p>If the version claim of an event is missing (the upload stopped between outbox and claim), the relay writes it
 * first; if another release claimed the version meanwhile, the event is dropped unpublished, since its upload never
 * got an answer that it was accepted.
 *
 * <p>An event may reach {@code model.released} twice: an upload whose acknowledgement came late, a relay on each of
 * several replicas, or a crash between acknowledgement and removal. That is harmless, because every consumer is
 * idempotent per release id: the workers reuse the stored result of a stage that already ran for the release, and
 * the registry records each event id once.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final ReleaseOutbox outbox;
    private final VersionClaims claims;
    private final ReleasePublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;

    OutboxRelay(
            ReleaseOutbox outbox,
            VersionClaims claims,
            ReleasePublisher publisher,
            IngestMetrics metrics,
            IngestConfig config) {
        this.outbox = outbox;
        this.claims = claims;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
    }

    @Scheduled(
            identity = "outbox-relay",
            every = "${pruneline.ingest.outbox-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            relay(Instant.now().minus(config.publishTimeout()));
        } catch (ArtifactStoreException | PublishFailedException e) {
            LOG.warnf("outbox: events stay for the next run: %s", e.getMessage());
        }
    }

    /**
     * Publishes and removes every event that occurred before {@code cutoff}; stops at the first failure, leaving the
     * rest for the next run.
     *
     * @return how many events were published
     */
    int relay(Instant cutoff) {
        List<String> keys = outbox.keys();
        int pending = keys.size();
        int published = 0;
        try {
            for (String key : keys) {
                Optional<ModelReleased> entry = outbox.read(key);
                if (entry.isEmpty()) {
                    pending--; // its upload removed it meanwhile
                    continue;
                }
                ModelReleased event = entry.get();
                if (!event.occurredAt().isBefore(cutoff)) {
                    continue;
                }
                if (claimed(event)) {
                    publisher.publish(event);
                    published++;
                    metrics.releaseIngested();
                    LOG.infof(
                            "outbox: release %s (%s %s) published", event.releaseId(), event.model(), event.version());
                }
                outbox.remove(event.releaseId());
                pending--;
            }
        } finally {
            metrics.outboxPending(pending);
        }
        return published;
    }

    /** Whether the release of {@code event} holds its version, claiming it if nobody does. */
    private boolean claimed(ModelReleased event) {
        Optional<ModelReleased> holder = claims.holder(event.model(), event.version());
        if (holder.isEmpty()) {
            claims.claim(event);
            return true;
        }
        if (holder.get().releaseId().equals(event.releaseId())) {
            return true;
        }
        LOG.warnf(
                "outbox: release %s dropped unpublished: %s %s is held by release %s",
                event.releaseId(), event.model(), event.version(), holder.get().releaseId());
        return false;
    }
}
