package dev.pruneline.core.deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The time a job may run, from the moment it started, on a given clock. A job runs under its deadline with
 * {@link #runWithin}; the engine's loops call {@link #checkpoint} at every batch and between pruning steps, and the
 * first checkpoint past the deadline throws {@link JobTimeoutException}. The stop is cooperative: native code is never
 * interrupted, every batch's resources are closed by the try-with-resources blocks the exception unwinds, and a job
 * stops within one batch (or one layer solve) of its deadline.
 *
 * <p>The deadline of the job running on a thread is kept by that thread for the duration of {@link #runWithin}, as
 * gRPC keeps a call's deadline in its context, so the loops deep in the engine need no extra parameter. Work on
 * threads a job starts itself is not bounded; the engine runs a job on one thread.
 */
public final class JobDeadline {

    /** The activity of the check {@link #runWithin} makes before the job's work begins. */
    public static final String WAITING_TO_START = "waiting to start";

    /** No limit: checkpoints never throw. */
    public static final JobDeadline NONE = new JobDeadline(Clock.systemUTC(), Instant.MIN, null);

    private static final ThreadLocal<JobDeadline> CURRENT = new ThreadLocal<>();

    private final Clock clock;
    private final Instant start;
    private final Duration limit;

    private JobDeadline(Clock clock, Instant start, Duration limit) {
        this.clock = clock;
        this.start = start;
        this.limit = limit;
    }

    /** A deadline {@code limit} after now on {@code clock}. */
    public static JobDeadline after(Duration limit, Clock clock) {
        return startingAt(clock.instant(), limit, clock);
    }

    /** A deadline {@code limit} after {@code start}, read on {@code clock}. */
    public static JobDeadline startingAt(Instant start, Duration limit, Clock clock) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a job's time limit must be positive, got " + limit);
        }
        return new JobDeadline(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(start, "start"), limit);
    }

    /** Whether this deadline bounds anything ({@link #NONE} does not). */
    public boolean bounded() {
        return limit != null;
    }

    /** The time the job is given; {@code null} for {@link #NONE}. */
    public Duration limit() {
        return limit;
    }

    /** How long the job has run so far. */
    public Duration elapsed() {
        return bounded() ? Duration.between(start, clock.instant()) : Duration.ZERO;
    }

    /** Whether the job has run for longer than its limit. */
    public boolean passed() {
        return bounded() && elapsed().compareTo(limit) > 0;
    }

    /**
     * Throws {@link JobTimeoutException} if the job has run past its limit.
     *
     * @param activity what the job is doing, named in the exception after "while", e.g. {@code training}
     */
    public void check(String activity) {
        if (!bounded()) {
            return;
        }
        Duration elapsed = elapsed();
        if (elapsed.compareTo(limit) > 0) {
            throw new JobTimeoutException(
                    "the job exceeded its time limit of " + limit + " after " + describe(elapsed) + " while " + activity
                            + "; nothing was saved",
                    limit,
                    elapsed,
                    activity);
        }
    }

    /**
     * Runs {@code work} under this deadline: {@link #checkpoint} on this thread checks it until {@code work} returns
     * or throws. The deadline a thread had before is restored afterwards.
     */
    public <T> T runWithin(Supplier<T> work) {
        JobDeadline outer = CURRENT.get();
        CURRENT.set(this);
        try {
            check(WAITING_TO_START);
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /**
     * Checks the deadline of the job running on this thread, if any: called by the engine at every batch and between
     * pruning steps.
     *
     * @param activity what the job is doing, e.g. {@code training}
     * @throws JobTimeoutException when that job has run past its limit
     */
    public static void checkpoint(String activity) {
        JobDeadline current = CURRENT.get();
        if (current != null) {
            current.check(activity);
        }
    }

    /** A duration as people read it: {@code 2h 0m}, {@code 3m 12s}, {@code 0.250s}. */
    public static String describe(Duration d) {
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return String.format(java.util.Locale.ROOT, "%d.%03ds", d.toSeconds(), d.toMillisPart());
    }

    @Override
    public String toString() {
        return bounded() ? "JobDeadline[" + limit + " from " + start + "]" : "JobDeadline[none]";
    }
}
