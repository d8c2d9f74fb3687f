package dev.pruneline.worker;

import dev.pruneline.core.job.StepMetrics;
import dev.pruneline.pipeline.event.ModelMetrics;

/** Turns the engine's measurements into the metrics an event carries. */
public final class EventMetrics {
    private EventMetrics() {}

    public static ModelMetrics of(StepMetrics m) {
        return new ModelMetrics(m.accuracy(), m.parameters(), m.nonzeroParameters(), m.macs(), m.sparsity());
    }
}
