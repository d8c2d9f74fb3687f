package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.ModelMetrics;
import java.util.Map;

/**
 * Everything the registry holds about one release.
 *
 * @param release    the release
 * @param candidates bundles by stage ({@code pruned}, {@code retrained}); only stages seen so far
 * @param metrics    metrics by stage ({@code baseline}, {@code pruned}, {@code retrained}); only those known
 * @param decision   the promotion decision, or null before one was made
 */
public record ReleaseHistory(
        Release release, Map<String, Candidate> candidates, Map<String, ModelMetrics> metrics, Decision decision) {
    public ReleaseHistory {
        candidates = Map.copyOf(candidates);
        metrics = Map.copyOf(metrics);
    }
}
