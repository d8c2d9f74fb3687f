package dev.pruneline.registry.store;

import java.util.Arrays;
import java.util.List;

/**
 * Where a release stands. Statuses only move forward: a late event for an earlier stage records its data but leaves
 * the status alone, and the three final statuses are never left, with two exceptions that both start from
 * {@link #FAILED}:
 *
 * <ul>
 *   <li>an operator's re-drive returns a failed release to the status before the stage that failed;
 *   <li>a release the stage watchdog failed (it sat in {@link #RELEASED}, {@link #PRUNED} or {@link #RETRAINED}
 *       past {@code pruneline.registry.stage-timeout}) is <em>stalled</em>: the store keeps the status it sat in,
 *       and a later stage event moves it on from there as if it had not failed. A worker's dead letter or the
 *       registry's refusal of an event replaces a stalled failure, and that failure is final again.
 * </ul>
 */
public enum ReleaseStatus {
    RELEASED(0),
    PRUNED(1),
    RETRAINED(2),
    PROMOTED(3),
    REJECTED(3),
    FAILED(3);

    private final int rank;

    ReleaseStatus(int rank) {
        this.rank = rank;
    }

    /** Whether the release is done: promoted, rejected or failed. */
    public boolean isFinal() {
        return rank == 3;
    }

    /** Whether a release in this status may move to {@code next}. */
    public boolean canAdvanceTo(ReleaseStatus next) {
        return !isFinal() && next.rank > rank;
    }

    /** The statuses of a release still on its way: those the stage watchdog watches. */
    public static List<ReleaseStatus> inFlight() {
        return Arrays.stream(values()).filter(s -> !s.isFinal()).toList();
    }
}
