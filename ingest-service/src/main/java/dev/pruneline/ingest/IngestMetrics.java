package dev.pruneline.ingest;

import dev.pruneline.pipeline.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest service's meters, registered at start so that dashboards see zeros rather than gaps:
 * {@link MetricNames#RELEASES_INGESTED}, {@link MetricNames#UPLOADS_REJECTED} by {@code kind}, and the gauge
 * {@link MetricNames#OUTBOX_PENDING}.
 */
@Startup
@ApplicationScoped
public class IngestMetrics {

    /** Values of the {@code kind} tag. */
    enum UploadKind {
        BUNDLE,
        DATASET
    }

    private final Counter ingested;
    private final Counter rejectedBundles;
    private final Counter rejectedDatasets;
    private final AtomicLong outboxPending = new AtomicLong();

    IngestMetrics(MeterRegistry registry) {
        ingested = Counter.builder(MetricNames.RELEASES_INGESTED)
                .description(MetricNames.RELEASES_INGESTED_DESCRIPTION)
                .register(registry);
        rejectedBundles = rejected(registry, "bundle");
        rejectedDatasets = rejected(registry, "dataset");
        Gauge.builder(MetricNames.OUTBOX_PENDING, outboxPending, AtomicLong::get)
                .description(MetricNames.OUTBOX_PENDING_DESCRIPTION)
                .register(registry);
    }

    private static Counter rejected(MeterRegistry registry, String kind) {
        return Counter.builder(MetricNames.UPLOADS_REJECTED)
                .description(MetricNames.UPLOADS_REJECTED_DESCRIPTION)
                .tag(MetricNames.TAG_KIND, kind)
                .register(registry);
    }

    void releaseIngested() {
        ingested.increment();
    }

    /** The number of events the outbox relay found waiting for Kafka at the end of its run. */
    void outboxPending(long events) {
        outboxPending.set(events);
    }

    void uploadRejected(UploadKind kind) {
        (kind == UploadKind.BUNDLE ? rejectedBundles : rejectedDatasets).increment();
    }
}
