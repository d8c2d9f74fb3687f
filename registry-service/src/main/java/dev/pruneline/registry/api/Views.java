package dev.pruneline.registry.api;

import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.registry.store.Candidate;
import dev.pruneline.registry.store.Decision;
import dev.pruneline.registry.store.Failure;
import dev.pruneline.registry.store.ProductionChange;
import dev.pruneline.registry.store.Release;
import dev.pruneline.registry.store.ReleaseHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns stored history into the API's views. */
final class Views {

    /** Metrics in display order; {@code claimed} is what the released model.json states, beside the measured baseline. */
    private static final List<String> METRIC_STAGES = List.of("claimed", "baseline", "pruned", "retrained");

    private Views() {}

    static ReleaseView release(ReleaseHistory h) {
        Release r = h.release();
        return new ReleaseView(
                r.model(),
                r.version(),
                r.releaseId(),
                r.status().name(),
                r.createdAt(),
                r.updatedAt(),
                r.policy(),
                r.dataset(),
                stages(h),
                metrics(h),
                decision(h.decision()),
                failure(r.failure()));
    }

    static Map<String, ModelMetrics> metrics(ReleaseHistory h) {
        Map<String, ModelMetrics> metrics = new LinkedHashMap<>();
        for (String stage : METRIC_STAGES) {
            if (h.metrics().containsKey(stage)) {
                metrics.put(stage, h.metrics().get(stage));
            }
        }
        return metrics;
    }

    static ChangeView change(ProductionChange c) {
        return new ChangeView(c.version(), c.releaseId(), c.action().name(), c.actor(), c.reason(), c.changedAt());
    }

    static DecisionView decision(Decision d) {
        return d == null
                ? null
                : new DecisionView(
                        d.outcome().name(),
                        d.reason(),
                        Double.isFinite(d.accuracyDropPp()) ? d.accuracyDropPp() : null,
                        d.tolerancePp(),
                        d.decidedAt());
    }

    private static FailureView failure(Failure f) {
        return f == null ? null : new FailureView(f.stage(), f.reason());
    }

    private static Map<String, StageView> stages(ReleaseHistory h) {
        Release r = h.release();
        String failed = r.failure() == null ? null : r.failure().stage();
        Map<String, StageView> stages = new LinkedHashMap<>();
        stages.put(
                "released",
                r.bundle() != null
                        ? new StageView(StageView.DONE, r.releasedAt(), r.bundle(), null, null, null)
                        : missing("released", failed));
        for (String stage : List.of(Candidate.PRUNED, Candidate.RETRAINED)) {
            Candidate c = h.candidates().get(stage);
            stages.put(
                    stage,
                    c != null
                            ? new StageView(
                                    StageView.DONE,
                                    c.createdAt(),
                                    c.bundle(),
                                    c.report(),
                                    c.engineMode(),
                                    c.artifacts())
                            : missing(stage, failed));
        }
        stages.put(
                "decided",
                h.decision() != null
                        ? new StageView(StageView.DONE, h.decision().decidedAt(), null, null, null, null)
                        : missing("decided", failed));
        return stages;
    }

    private static StageView missing(String stage, String failedStage) {
        return new StageView(
                stage.equals(failedStage) ? StageView.FAILED : StageView.PENDING, null, null, null, null, null);
    }
}
