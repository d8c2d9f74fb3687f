package dev.pruneline.worker;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this worker is running, one per stage (a stage's consumer runs one job at a time): what
 * {@link StuckJobHealthCheck} and the job-age gauge read. Also the clock of the workers' job deadlines.
 */
@Singleton
public class JobWatch {

    private final Clock clock;
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();

    @Inject
    public JobWatch() {
        this(Clock.systemUTC());
    }

    public JobWatch(Clock clock) {
        this.clock = clock;
    }

    /** The clock jobs are timed on. */
    public Clock clock() {
        return clock;
    }

    /** Records that a job of {@code stage} began now; closing the handle records that it ended. */
    public Handle start(String stage, String releaseId) {
        RunningJob job = new RunningJob(stage, releaseId, clock.instant());
        running.put(stage, job);
        return new Handle(job);
    }

    /** The job of {@code stage} in progress, if any. */
    public Optional<RunningJob> running(String stage) {
        return Optional.ofNullable(running.get(stage));
    }

    /** The job in progress that began first, if any. */
    public Optional<RunningJob> oldest() {
        return running.values().stream().min(Comparator.comparing(RunningJob::startedAt));
    }

    /** How many jobs are in progress. */
    public int count() {
        return running.size();
    }

    /** How long the job of {@code stage} in progress has run; zero when none runs. */
    public Duration age(String stage) {
        RunningJob job = running.get(stage);
        return job == null ? Duration.ZERO : job.age(now());
    }

    /** Now, on the jobs' clock. */
    public Instant now() {
        return clock.instant();
    }

    /** A job in progress; {@link #close()} records that it ended. */
    public final class Handle implements AutoCloseable {
        private final RunningJob job;

        private Handle(RunningJob job) {
            this.job = job;
        }

        /** The job. */
        public RunningJob job() {
            return job;
        }

        @Override
        public void close() {
            running.remove(job.stage(), job);
        }
    }
}
