package dev.pruneline.core.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-unit pruning ratios that reach a global target.
 *
 * @param kind what the target measures
 * @param target requested reduction
 * @param achieved reduction the ratios give, measured with the cost model on the pruned graph
 * @param ratios share to remove per unit (group id or tensor name); 0 = untouched
 * @param method {@code sensitivity} (ratios from curves under one allowed accuracy drop),
 *     {@code uniform} (one ratio for every channel group), {@code latency} (groups shrunk where the
 *     measured time falls most, {@link PlanSearch#latency}) or {@code global} (one weight threshold)
 * @param allowedDrop for {@code sensitivity}: the validation accuracy each unit alone may lose; NaN otherwise
 */
public record PruningPlan(
        TargetKind kind,
        double target,
        double achieved,
        Map<String, Double> ratios,
        String method,
        double allowedDrop) {

    public PruningPlan {
        ratios = Collections.unmodifiableMap(new LinkedHashMap<>(ratios));
    }
}
