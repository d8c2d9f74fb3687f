package dev.pruneline.worker;

import java.time.Duration;
import java.time.Instant;

/**
 * A stage job in progress.
 *
 * @param stage     the stage as metrics name it, e.g. {@code prune}
 * @param releaseId the release the job works on
 * @param startedAt when the job began (fetching its inputs included)
 */
public record RunningJob(String stage, String releaseId, Instant startedAt) {

    /** How long the job has run at {@code now}. */
    public Duration age(Instant now) {
        return Duration.between(startedAt, now);
    }
}
