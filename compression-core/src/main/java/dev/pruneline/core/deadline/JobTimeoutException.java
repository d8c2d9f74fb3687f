package dev.pruneline.core.deadline;

import dev.pruneline.core.CompressionException;
import java.time.Duration;

/**
 * A job ran past its {@link JobDeadline} and stopped at a checkpoint; nothing was saved. Retrying the same job with
 * the same limit would time out again, so callers treat it as final.
 */
public class JobTimeoutException extends CompressionException {
    private static final long serialVersionUID = 1L;

    private final Duration limit;
    private final Duration elapsed;
    private final String activity;

    /**
     * @param message what ran past which limit, for the person who set the limit
     * @param limit the time the job was given
     * @param elapsed how long it had run when it stopped
     * @param activity what it was doing then, e.g. {@code training}
     */
    public JobTimeoutException(String message, Duration limit, Duration elapsed, String activity) {
        super(message);
        this.limit = limit;
        this.elapsed = elapsed;
        this.activity = activity;
    }

    /** The same timeout described by a caller that knows more (which job, which setting), with this as the cause. */
    public JobTimeoutException(String message, JobTimeoutException cause) {
        super(message, cause);
        this.limit = cause.limit;
        this.elapsed = cause.elapsed;
        this.activity = cause.activity;
    }

    /** The time the job was given. */
    public Duration limit() {
        return limit;
    }

    /** How long the job had run when it stopped. */
    public Duration elapsed() {
        return elapsed;
    }

    /** What the job was doing when it stopped, e.g. {@code training} or {@code reconstructing layers}. */
    public String activity() {
        return activity;
    }
}
