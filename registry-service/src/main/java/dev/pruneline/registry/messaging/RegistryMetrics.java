package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import dev.pruneline.pipeline.metrics.MetricNames;
import dev.pruneline.registry.store.ProductionChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/** The registry's meters; names and descriptions from {@link MetricNames}. */
@ApplicationScoped
public class RegistryMetrics {

    private final MeterRegistry registry;

    public RegistryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a new decision on a model and, if it is a number, records its accuracy drop. */
    public void decided(String model, Outcome outcome, double accuracyDropPp) {
        Counter.builder(MetricNames.PROMOTIONS)
                .description(MetricNames.PROMOTIONS_DESCRIPTION)
                .tag(MetricNames.TAG_MODEL, model)
                .tag(MetricNames.TAG_OUTCOME, outcome.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
        if (Double.isFinite(accuracyDropPp)) {
            DistributionSummary.builder(MetricNames.ACCURACY_DROP)
                    .description(MetricNames.ACCURACY_DROP_DESCRIPTION)
                    .baseUnit("percentage_points")
                    .tag(MetricNames.TAG_MODEL, model)
                    .register(registry)
                    .record(accuracyDropPp);
        }
    }

    /** Counts an operator's promote or roll back of a model. */
    public void productionChanged(String model, ProductionChange.Action action) {
        Counter.builder(MetricNames.PRODUCTION_CHANGES)
                .description(MetricNames.PRODUCTION_CHANGES_DESCRIPTION)
                .tag(MetricNames.TAG_MODEL, model)
                .tag(MetricNames.TAG_ACTION, action.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** Counts a record newly taken from a dead-letter topic. */
    public void deadLettered(String topic) {
        Counter.builder(MetricNames.DLQ_EVENTS)
                .description(MetricNames.DLQ_EVENTS_DESCRIPTION)
                .tag(MetricNames.TAG_TOPIC, topic)
                .register(registry)
                .increment();
    }

    /** Counts a record the registry refused and parked on registry.dlq, by the topic it came from. */
    public void refused(String topic) {
        Counter.builder(MetricNames.EVENTS_REFUSED)
                .description(MetricNames.EVENTS_REFUSED_DESCRIPTION)
                .tag(MetricNames.TAG_TOPIC, topic)
                .register(registry)
                .increment();
    }

    /** Counts a release the stage watchdog failed, by the stage that did not finish. */
    public void stalled(String stage) {
        Counter.builder(MetricNames.RELEASES_STALLED)
                .description(MetricNames.RELEASES_STALLED_DESCRIPTION)
                .tag(MetricNames.TAG_STAGE, stage)
                .register(registry)
                .increment();
    }
}
