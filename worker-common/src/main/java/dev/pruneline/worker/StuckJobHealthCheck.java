package dev.pruneline.worker;

import dev.pruneline.core.deadline.JobDeadline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while no job has outlived its time limit by more than the grace period. A job past
 * {@code pruneline.worker.max-job-duration} stops at its next batch; one still running
 * {@code pruneline.worker.stuck-job-grace} later did not stop when asked (a call that never returns), and only a
 * restart frees the worker. Reports the oldest running job: its release, stage, start and age.
 */
@Liveness
@ApplicationScoped
public class StuckJobHealthCheck implements HealthCheck {

    static final String NAME = "stage-job";

    private final JobWatch watch;
    private final Duration limit;
    private final Duration grace;

    @Inject
    public StuckJobHealthCheck(JobWatch watch, WorkerConfig config) {
        this.watch = watch;
        this.limit = config.maxJobDuration();
        this.grace = config.stuckJobGrace();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .up()
                .withData("max-job-duration", limit.toString())
                .withData("stuck-job-grace", grace.toString())
                .withData("running-jobs", watch.count());
        Optional<RunningJob> oldest = watch.oldest();
        if (oldest.isEmpty()) {
            return response.build();
        }
        RunningJob job = oldest.get();
        Instant now = watch.now();
        Duration age = job.age(now);
        response.withData("release", job.releaseId())
                .withData("stage", job.stage())
                .withData(
                        "started-at",
                        job.startedAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .withData("running-for", age.truncatedTo(ChronoUnit.SECONDS).toString());
        if (age.compareTo(limit.plus(grace)) > 0) {
            response.down()
                    .withData(
                            "error",
                            job.stage() + " job for release " + job.releaseId() + " has run for "
                                    + JobDeadline.describe(age) + ", past max-job-duration " + limit
                                    + " plus stuck-job-grace " + grace + ", and did not stop");
        }
        return response.build();
    }
}
