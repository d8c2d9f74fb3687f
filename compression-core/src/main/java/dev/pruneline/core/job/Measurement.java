package dev.pruneline.core.job;

import dev.pruneline.core.measure.BundleMetrics;
import dev.pruneline.core.measure.Latency;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything {@link CompressionJobs#measure} found out about a bundle.
 *
 * @param metrics test accuracy, parameters, non-zeros, MACs, energy, bundle bytes
 * @param latency measured latency by name ({@code batch1}, {@code batch64}); empty when not asked
 */
public record Measurement(BundleMetrics metrics, Map<String, Latency> latency) {
    public Measurement {
        latency = Collections.unmodifiableMap(new LinkedHashMap<>(latency));
    }
}
