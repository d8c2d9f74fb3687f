package dev.pruneline.core.job;

import dev.pruneline.core.measure.Latency;
import dev.pruneline.core.measure.ModelMetrics;
import java.util.Map;

/**
 * Everything {@link CompressionJobs#measure} found out about a bundle.
 *
 * @param metrics test accuracy, parameters, non-zeros, MACs, energy, bundle bytes
 * @param latency measured latency by name ({@code batch1}, {@code batch64}); empty when not asked
 */
public record Measurement(ModelMetrics metrics, Map<String, Latency> latency) {
    public Measurement {
        latency = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(latency));
    }
}
