package dev.pruneline.worker;

import dev.pruneline.pipeline.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stage metrics of a worker: jobs by outcome, job duration, the sparsity a stage produced, and the age of the job in
 * progress.
 */
public final class StageRecorder {

    private final MeterRegistry registry;
    private final String stage;

    public StageRecorder(MeterRegistry registry, String stage) {
        this.registry = registry;
        this.stage = stage;
    }

    /** Counts a finished job of a model and its wall time. */
    public void job(String model, boolean success, Duration wallTime) {
        Counter.builder(MetricNames.STAGE_JOBS)
                .description(MetricNames.STAGE_JOBS_DESCRIPTION)
                .tag(MetricNames.TAG_STAGE, stage)
                .tag(MetricNames.TAG_MODEL, model)
                .tag(MetricNames.TAG_OUTCOME, success ? MetricNames.OUTCOME_SUCCESS : MetricNames.OUTCOME_FAILURE)
                .register(registry)
                .increment();
        Timer.builder(MetricNames.STAGE_DURATION)
                .description(MetricNames.STAGE_DURATION_DESCRIPTION)
                .tag(MetricNames.TAG_STAGE, stage)
                .tag(MetricNames.TAG_MODEL, model)
                .publishPercentiles(0.5, 0.95)
                .register(registry)
                .record(wallTime);
    }

    /** Records the sparsity of a stage's output model. */
    public void sparsity(String model, double sparsity) {
        DistributionSummary.builder(MetricNames.SPARSITY)
                .description(MetricNames.SPARSITY_DESCRIPTION)
                .tag(MetricNames.TAG_STAGE, stage)
                .tag(MetricNames.TAG_MODEL, model)
                .register(registry)
                .record(sparsity);
    }

    /** Exposes how long the stage's job in progress has run, zero when none runs, as {@code watch} tells. */
    public void runningJobAge(JobWatch watch) {
        TimeGauge.builder(
                        MetricNames.JOB_AGE,
                        watch,
                        TimeUnit.MILLISECONDS,
                        w -> w.age(stage).toMillis())
                .description(MetricNames.JOB_AGE_DESCRIPTION)
                .tag(MetricNames.TAG_STAGE, stage)
                .register(registry);
    }
}
